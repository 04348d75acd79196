/**
 * Each kind of job, under its name, with its payload's type. A feature adds
 * its kinds from its own folder, by declaration merging (as
 * src/modules/email/index.ts does), and declares them in its module's
 * `jobKinds` (payload validation) and `worker` (handler); the jobs feature
 * composes them (job.registry.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface JobPayloads {}
export type JobKind = keyof JobPayloads & string;

export const jobStates = ["QUEUED", "ACTIVE", "RETRYING", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type JobState = (typeof jobStates)[number];

/** States a job never leaves: a subscription completes after sending one. */
export const finalStates: ReadonlySet<JobState> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);
/** States from which a job may still run (ACTIVE too: its worker may have died). */
export const runnableStates: readonly JobState[] = ["QUEUED", "RETRYING", "ACTIVE"];
export const isFinal = (state: JobState): boolean => finalStates.has(state);

/** The BullMQ queues: client jobs, and the internal scheduled maintenance. */
export const queueNames = { jobs: "jobs", maintenance: "maintenance" } as const;

/** Postgres NOTIFY channel the outbox uses to wake dispatchers at commit, without Redis (with it, a pub/sub channel under JOBS_PREFIX). */
export const outboxChannel = "skein_job_outbox";
