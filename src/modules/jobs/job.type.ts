import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { literalEnum } from "../../graphql/enums";
import { ConnectionType } from "../../graphql/pagination/connection";
import { JSONScalar } from "../../graphql/scalars";
import { type JobKind as JobKindName, type JobState as JobStateName, jobStates } from "./job.kinds";
import { jobKindEnum } from "./job.registry";

export const JobState = literalEnum<JobStateName>(jobStates);
registerEnumType(jobKindEnum, { name: "JobKind" });
registerEnumType(JobState, { name: "JobState" });

@ObjectType()
export class Job {
  @Field(() => ID)
  id: number;

  @Field(() => jobKindEnum)
  kind: JobKindName;

  @Field(() => JobState)
  state: JobStateName;

  @Field(() => Int, { description: "0 to 100." })
  progress: number;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int)
  maxAttempts: number;

  @Field(() => JSONScalar, { nullable: true })
  result: unknown;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;
}

export const JobConnection = ConnectionType(Job);
