/**
 * Every table, in one barrel: drizzle-kit reads it to generate migrations
 * and the drizzle client is typed by it.
 */
export * from "../modules/users/user.table";
export * from "../modules/items/item.table";
export * from "../modules/orders/order.table";
export * from "../modules/jobs/job.table";
export * from "../modules/reports/report.table";
