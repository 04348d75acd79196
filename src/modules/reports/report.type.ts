import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { type ReportKind as ReportKindName, reportKinds } from "./report.kinds";

export const ReportKind = Object.fromEntries(reportKinds.map((kind) => [kind, kind])) as { [K in ReportKindName]: K };
registerEnumType(ReportKind, { name: "ReportKind" });

@ObjectType()
export class Report {
  @Field(() => ID)
  id: number;

  @Field(() => ReportKind)
  kind: ReportKindName;

  @Field(() => Int)
  sizeBytes: number;

  @Field()
  createdAt: Date;
}
