/** Every kind of job a client can start; each has exactly one handler (checked at boot). */
export const jobKinds = ["WELCOME_EMAIL", "REPORT"] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStates = ["QUEUED", "ACTIVE", "RETRYING", "COMPLETED", "FAILED", "CANCELLED"] as const;
export type JobState = (typeof jobStates)[number];

/** States a job never leaves: a subscription completes after sending one. */
export const finalStates: ReadonlySet<JobState> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);
/** States from which a job may still run (ACTIVE too: its worker may have died). */
export const runnableStates: readonly JobState[] = ["QUEUED", "RETRYING", "ACTIVE"];
export const isFinal = (state: JobState): boolean => finalStates.has(state);

/** The BullMQ queues: client jobs, and the internal scheduled maintenance. */
export const queueNames = { jobs: "jobs", maintenance: "maintenance" } as const;

/** Postgres NOTIFY channel the outbox uses to wake dispatchers at commit. */
export const outboxChannel = "skein_job_outbox";
