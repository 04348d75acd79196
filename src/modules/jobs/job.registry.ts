import { type ZodType } from "zod";
import { type JobKind, type JobPayloads } from "./job.kinds";
import { InvalidJobError } from "./job.handlers";

/** A feature's job kinds, each with the validation of its payload. */
export type JobKindDeclarations = { readonly [K in JobKind]?: ZodType<JobPayloads[K]> };

const payloadSchemas = new Map<string, ZodType<unknown>>();

/**
 * The GraphQL enum JobKind: every kind the features declare, in the feature
 * list's order (job.type.ts registers it; its values are read when the
 * schema is built, after useJobKinds).
 */
export const jobKindEnum: Record<string, string> = {};

/**
 * Makes the kinds the features of the list declare the ones jobs may have:
 * the jobs.kind column is text, and this is what it is checked against.
 */
export function useJobKinds(features: ReadonlyArray<{ name: string; jobKinds?: JobKindDeclarations }>): void {
  payloadSchemas.clear();
  for (const kind of Object.keys(jobKindEnum)) delete jobKindEnum[kind];
  for (const feature of features) {
    for (const [kind, schema] of Object.entries(feature.jobKinds ?? {}) as Array<[string, ZodType<unknown>]>) {
      if (payloadSchemas.has(kind)) throw new Error(`the job kind ${kind} is declared twice (again by the ${feature.name} feature)`);
      payloadSchemas.set(kind, schema);
      jobKindEnum[kind] = kind;
    }
  }
}

/** Every kind the features declare. */
export const declaredJobKinds = (): string[] => [...payloadSchemas.keys()];

/**
 * A job's payload as its kind declares it. Throws InvalidJobError for a kind
 * no feature declares (one whose feature left the list) or a payload that
 * does not match: such a job can never succeed.
 */
export function parsePayload<K extends JobKind>(kind: K, payload: unknown): JobPayloads[K] {
  const schema = payloadSchemas.get(kind);
  if (!schema) throw new InvalidJobError(`No feature declares the job kind ${kind}.`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobError(`The ${kind} job's payload is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
  return parsed.data as JobPayloads[K];
}
