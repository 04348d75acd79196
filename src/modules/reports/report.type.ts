import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { literalEnum } from "../../graphql/enums";
import { type ReportKind as ReportKindName, reportKinds } from "./report.kinds";

export const ReportKind = literalEnum<ReportKindName>(reportKinds);
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
