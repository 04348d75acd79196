import { eq, sql } from "drizzle-orm";
import { EventEmitter } from "node:events";
import { type Redis } from "ioredis";
import { type Logger } from "pino";
import { type Db } from "../../db/database";
import { PgListener } from "../../db/pg-listener";
import { reviveDates } from "../../infra/json-dates";
import { stampPublishedAt } from "../../infra/published-at";
import { stampTraceContext } from "../../infra/tracing/event-trace";
import { currentTraceContext, tracingOn } from "../../infra/tracing/state";
import { outboxChannel } from "./job.kinds";
import { notifyOutbox } from "./job.outbox";
import { type JobRow, jobs } from "./job.table";

/** What a listener can follow: one job, or every job of one owner. */
export type JobTopic = { kind: "job"; jobId: number } | { kind: "owner"; ownerId: number };

type Listener = (job: JobRow) => void;

/**
 * Job changes between processes: the worker publishes, every API instance
 * forwards to its subscribers. Events carry the whole row and its version.
 */
export interface JobEventBus {
  publish(job: JobRow): Promise<void>;
  /** Resolves once events reach `listener` (so nothing published after it is missed); returns the unsubscribe. */
  subscribe(topic: JobTopic, listener: Listener): Promise<() => Promise<void>>;
  /**
   * Wakes the outbox's dispatchers in every process: sent after a commit
   * that wrote job rows, on the bus's own transport (see OutboxBell). A lost
   * ring costs a job the dispatchers' poll interval, not the job.
   */
  ringOutbox(): Promise<void>;
  /** Calls `listener` on every ring, from any process; resolves once rings reach it (retrying meanwhile); returns the stop. */
  onOutboxRing(listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const channelOf = (prefix: string, topic: JobTopic): string =>
  topic.kind === "job" ? `${prefix}:job:${topic.jobId}` : `${prefix}:owner:${topic.ownerId}`;

const channelsOf = (prefix: string, job: JobRow): string[] => [
  channelOf(prefix, { kind: "job", jobId: job.id }),
  channelOf(prefix, { kind: "owner", ownerId: job.ownerId }),
];

const dateFields = ["createdAt", "updatedAt", "finishedAt", "dispatchedAt", "dispatchClaimedUntil"] as const;

/**
 * What travels between processes: the row, or only its id when NOTIFY's size cap forbids more, when it was
 * published and, with tracing on, in which trace (`tc`: the publisher's span, else the job's own trace).
 */
type Envelope = ({ at: number; job: Record<string, unknown> } | { at: number; ref: number }) & { tc?: string };

const traceOf = (job: JobRow): string | undefined => (tracingOn() ? (currentTraceContext() ?? job.traceContext ?? undefined) : undefined);

const envelopeOf = (job: JobRow): string => JSON.stringify({ at: Date.now(), job, tc: traceOf(job) });

/** The row as it was published, its dates Dates again; it remembers when (skein_subscription_delivery_seconds) and in which trace it was published. */
const reviveJob = (job: Record<string, unknown>, envelope: Envelope): JobRow =>
  stampTraceContext(stampPublishedAt(reviveDates<JobRow>(job, dateFields), envelope.at), envelope.tc);

/** Delivery to this process's listeners; what the PostgreSQL bus hands its notifications to. */
function createLocalJobEventBus(prefix: string): Pick<JobEventBus, "publish" | "subscribe" | "close"> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: async (job) => {
      for (const channel of channelsOf(prefix, job)) emitter.emit(channel, job);
    },
    subscribe: async (topic, listener) => {
      const channel = channelOf(prefix, topic);
      emitter.on(channel, listener);
      return async () => void emitter.off(channel, listener);
    },
    close: async () => void emitter.removeAllListeners(),
  };
}

/**
 * The outbox bell on Redis pub/sub, where the queues are: a PUBLISH that the
 * auto-pipelined publisher sends with the turn's other commands, instead of
 * a NOTIFY, which costs PostgreSQL a transaction and a WAL flush per ring.
 */
function outboxRingsOver(publisher: Redis, subscriber: Redis, channel: string) {
  const listeners = new Set<() => void>();
  let subscribed: Promise<unknown> | undefined;
  return {
    /** Whether `channel` is the bell's (its listeners were called). */
    deliver: (received: string): boolean => {
      if (received !== channel) return false;
      for (const listener of listeners) listener();
      return true;
    },
    ring: async (): Promise<void> => void (await publisher.publish(channel, "")),
    listen: async (listener: () => void): Promise<() => Promise<void>> => {
      listeners.add(listener);
      // A failed SUBSCRIBE is tried again by the next listener, not remembered.
      await (subscribed ??= subscriber.subscribe(channel).catch((error: unknown) => {
        subscribed = undefined;
        throw error;
      }));
      return async () => void listeners.delete(listener);
    },
  };
}

/** Several processes: Redis pub/sub. `subscriber` must be a connection of its own. */
export function createRedisJobEventBus(prefix: string, publisher: Redis, subscriber: Redis, logger: Logger): JobEventBus {
  const channels = new Map<string, { listeners: Set<Listener>; ready: Promise<unknown> }>();
  const outboxRings = outboxRingsOver(publisher, subscriber, `${prefix}:outbox`);
  subscriber.on("message", (channel: string, message: string) => {
    if (outboxRings.deliver(channel)) return;
    const entry = channels.get(channel);
    if (!entry) return;
    const envelope = JSON.parse(message) as Envelope & { job: Record<string, unknown> };
    const job = reviveJob(envelope.job, envelope);
    for (const listener of entry.listeners) listener(job);
  });
  return {
    publish: async (job) => {
      const message = envelopeOf(job);
      // The row is already committed: a lost event costs a subscriber an update, not the job.
      // `publisher` pipelines automatically: both channels, and the other events of this turn, in one write.
      await Promise.all(channelsOf(prefix, job).map((channel) => publisher.publish(channel, message))).catch((error: unknown) =>
        logger.warn({ err: error, jobId: job.id }, "could not publish a job event"),
      );
    },
    subscribe: async (topic, listener) => {
      const channel = channelOf(prefix, topic);
      let entry = channels.get(channel);
      if (!entry) {
        entry = { listeners: new Set(), ready: subscriber.subscribe(channel) };
        channels.set(channel, entry);
      }
      entry.listeners.add(listener);
      await entry.ready;
      return async () => {
        entry.listeners.delete(listener);
        if (entry.listeners.size > 0 || channels.get(channel) !== entry) return;
        channels.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => undefined);
      };
    },
    ringOutbox: outboxRings.ring,
    onOutboxRing: outboxRings.listen,
    close: async () => {
      channels.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

/** NOTIFY carries at most 8000 bytes; a larger row is sent as its id and read back. */
const notifyPayloadMaxBytes = 7_900;

/**
 * Without Redis: PostgreSQL NOTIFY on one channel, which every process
 * (API, cluster member or worker) LISTENs to and hands to its own
 * listeners, the publisher included. Notifications arrive in commit order.
 */
export function createPostgresJobEventBus(prefix: string, db: Db, url: string, logger: Logger): JobEventBus {
  const local = createLocalJobEventBus(prefix);
  const channel = `${prefix}:job-events`;
  const deliver = async (payload: string) => {
    const envelope = JSON.parse(payload) as Envelope;
    const job = "job" in envelope ? envelope.job : (await db.select().from(jobs).where(eq(jobs.id, envelope.ref)))[0];
    if (job) await local.publish(reviveJob(job, envelope));
  };
  const listener = new PgListener({
    url,
    channel,
    logger,
    onNotify: (payload) => void deliver(payload).catch((error: unknown) => logger.warn({ err: error }, "could not deliver a job event")),
  });
  const listening = listener.start().catch((error: unknown) => logger.warn({ err: error }, "job events LISTEN failed; retrying"));
  return {
    publish: async (job) => {
      const text = envelopeOf(job);
      const payload = Buffer.byteLength(text) <= notifyPayloadMaxBytes ? text : JSON.stringify({ at: Date.now(), ref: job.id, tc: traceOf(job) });
      // The row is already committed: a lost event costs a subscriber an update, not the job.
      await db.execute(sql`select pg_notify(${channel}, ${payload})`).catch((error: unknown) =>
        logger.warn({ err: error, jobId: job.id }, "could not publish a job event"),
      );
    },
    subscribe: async (topic, listener) => {
      await listening;
      return local.subscribe(topic, listener);
    },
    ringOutbox: () => notifyOutbox(db),
    onOutboxRing: async (onRing) => {
      const outbox = new PgListener({ url, channel: outboxChannel, onNotify: onRing, logger });
      // Until LISTEN works (it keeps trying), the dispatchers' poll stands in for the bell.
      await outbox.start().catch((error: unknown) => logger.warn({ err: error }, "outbox LISTEN failed; retrying"));
      return () => outbox.close();
    },
    close: async () => {
      await listener.close();
      await local.close();
    },
  };
}
