import { type FeatureDeps } from "../feature-module";
import { type JobHandler, type JobHandlers, type JobRun, type KindHandlers } from "./job.handlers";
import { type JobKind } from "./job.kinds";
import { type JobKindRegistry } from "./job.registry";
import { type WorkerRole } from "./job.system";
import { type MaintenanceTasks } from "./maintenance";

/** What a feature gives the processes that run jobs. */
export interface WorkerPart {
  /** Its job kinds' handlers: every kind the features declare has exactly one (checked at boot). */
  handlers?: KindHandlers;
  /** Its steps of the scheduled maintenance job. */
  maintenance?: MaintenanceTasks;
  /** Called after the workers stopped (a mail transport, say). */
  close?(): void;
}

declare module "../feature-module" {
  interface FeatureModule {
    /** Built only where jobs run; `deps.database` is the jobs' own pools, `concurrency` the jobs this process runs at once. */
    worker?: (deps: FeatureDeps & { concurrency: number }) => WorkerPart;
  }
}

/**
 * Every declared kind has exactly one handler, and every handler a declared
 * kind: checked at boot, so a missing one stops the worker before it takes jobs.
 */
function handlersOf(parts: readonly WorkerPart[], kinds: JobKindRegistry): JobHandlers {
  const handlers: Record<string, JobHandler> = {};
  const twice: string[] = [];
  for (const part of parts) {
    for (const [kind, handler] of Object.entries(part.handlers ?? {}) as Array<[JobKind, (run: JobRun & { payload: unknown }) => Promise<unknown>]>) {
      if (kind in handlers) twice.push(kind);
      // The payload is checked against its kind's declaration before the handler sees it. Added to
      // the run (made for this call), not spread: a spread would read its logger, made only when used.
      handlers[kind] = (run) => handler(Object.assign(run, { payload: kinds.parsePayload(kind, run.job.payload) }));
    }
  }
  const declared = kinds.kinds;
  const missing = declared.filter((kind) => !(kind in handlers));
  const unknown = Object.keys(handlers).filter((kind) => !declared.includes(kind));
  if (missing.length || unknown.length || twice.length) {
    const list = (kinds: string[]) => kinds.join(", ") || "none";
    throw new Error(`job handlers do not match the job kinds: missing ${list(missing)}, unknown ${list(unknown)}, given twice ${list(twice)}`);
  }
  return handlers;
}

/** The features' job handlers and maintenance steps: what a process needs to run jobs. */
export function createWorkerRole(deps: FeatureDeps, kinds: JobKindRegistry, concurrency = deps.config.jobs.concurrency): WorkerRole & { close(): void } {
  // No Redis for the features' own use here: a worker's Redis is BullMQ's.
  const parts = deps.features.flatMap((feature) => feature.worker?.({ ...deps, redis: undefined, concurrency }) ?? []);
  return {
    concurrency,
    handlers: handlersOf(parts, kinds),
    maintenance: Object.assign({}, ...parts.map((part) => part.maintenance)),
    close: () => {
      for (const part of parts) part.close?.();
    },
  };
}
