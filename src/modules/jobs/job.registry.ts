import { type ZodType } from "zod";
import { type JobKind, type JobPayloads } from "./job.kinds";
import { InvalidJobError } from "./job.handlers";

/** A feature's job kinds, each with the validation of its payload. */
export type JobKindDeclarations = { readonly [K in JobKind]?: ZodType<JobPayloads[K]> };

/** What the registry reads of a feature: its module object's name and job kinds. */
export interface DeclaresJobKinds {
  name: string;
  jobKinds?: JobKindDeclarations;
}

/**
 * The kinds of job the features of one list declare, with their payloads'
 * validation: the jobs.kind column is text, and this is what it is checked
 * against. Built from the list by the job system (startJobs) and handed to
 * what writes and runs jobs; nothing fills it later.
 */
export class JobKindRegistry {
  private readonly payloadSchemas = new Map<string, ZodType<unknown>>();

  /** Throws when two features declare one kind. */
  constructor(features: readonly DeclaresJobKinds[]) {
    for (const feature of features) {
      for (const [kind, schema] of Object.entries(feature.jobKinds ?? {}) as Array<[string, ZodType<unknown>]>) {
        if (this.payloadSchemas.has(kind)) throw new Error(`the job kind ${kind} is declared twice (again by the ${feature.name} feature)`);
        this.payloadSchemas.set(kind, schema);
      }
    }
  }

  /** Every kind the features declare, in the list's order. */
  get kinds(): string[] {
    return [...this.payloadSchemas.keys()];
  }

  /**
   * A job's payload as its kind declares it. Throws InvalidJobError for a kind
   * no feature declares (one whose feature left the list) or a payload that
   * does not match: such a job can never succeed.
   */
  parsePayload<K extends JobKind>(kind: K, payload: unknown): JobPayloads[K] {
    const schema = this.payloadSchemas.get(kind);
    if (!schema) throw new InvalidJobError(`No feature declares the job kind ${kind}.`);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new InvalidJobError(`The ${kind} job's payload is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
    return parsed.data as JobPayloads[K];
  }
}

/**
 * The GraphQL enum JobKind (job.type.ts registers it). type-graphql reads an
 * enum's values from one object when the schema is built, so this one is
 * module state: the jobs module's `collect` sets it from the feature list
 * the schema is composed from, and a schema built without that has an empty
 * JobKind, which graphql refuses to build.
 */
export const jobKindEnum: Record<string, string> = {};

/** Makes JobKind the kinds the features of `features` declare (collectFeatures calls it before the schema is built). */
export function useJobKindEnum(features: readonly DeclaresJobKinds[]): void {
  const { kinds } = new JobKindRegistry(features);
  for (const kind of Object.keys(jobKindEnum)) delete jobKindEnum[kind];
  for (const kind of kinds) jobKindEnum[kind] = kind;
}
