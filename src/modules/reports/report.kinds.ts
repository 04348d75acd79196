export const reportKinds = ["SALES_CSV", "INVENTORY_CSV"] as const;
export type ReportKind = (typeof reportKinds)[number];
