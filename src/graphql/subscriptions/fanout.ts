import { type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLFormattedError, execute } from "graphql";
import { isPromise } from "node:util/types";
import { type Metrics } from "../../infra/metrics";
import { publishedAtOf } from "../../infra/published-at";
import { type Context, createContext } from "../context";
import { logResolverFaults } from "../plugins/error-logging";
import { inDeliverySpan } from "./delivery-span";
import { type ViewerClass, viewerClassOf } from "../../identity/visibility";

/** One event's result for one shape, executed and serialized once for every subscriber of that shape. */
export interface Frame {
  /** Errors already formatted as HTTP formats them. */
  result: FormattedResult;
  json: string;
  /** When the event was published (epoch ms); unknown for a subscription's first, current row. */
  publishedAt?: number;
}

/** A subscription's execution arguments and the part of its shape known at subscribe time (operationKeyOf). */
export type SharedExecutionArgs = ExecutionArgs & { contextValue: Context; operationKey: string };

/** Every subscription event is about something with an owner (a job); who may see what depends on it. */
export interface OwnedEvent {
  ownerId: number;
}

/** A result whose errors are formatted as HTTP formats them: what the transports send. */
export type FormattedResult = Omit<ExecutionResult, "errors"> & { errors?: readonly GraphQLFormattedError[] };

/**
 * One event's frame for one shape. Every subscriber of the shape holds the
 * same object: `frame` is there at once when the execution was synchronous
 * (the job fields are), else every waiter is called, in one loop, when it
 * settles.
 */
export class ShapedFrame {
  frame?: Frame;
  failure?: unknown;
  private waiters?: Array<() => void>;

  /** Calls `waiter` once the frame (or the failure) is there; at once if it is. */
  whenSettled(waiter: () => void): void {
    if (this.frame || this.failure !== undefined) waiter();
    else (this.waiters ??= []).push(waiter);
  }

  settle(outcome: { frame: Frame } | { failure: unknown }): void {
    Object.assign(this, outcome);
    const waiters = this.waiters ?? [];
    this.waiters = undefined;
    for (const waiter of waiters) waiter();
  }

  /** For transports that await: the frame, or the failure thrown. */
  get ready(): Promise<Frame> {
    return new Promise((resolve, reject) => this.whenSettled(() => (this.frame ? resolve(this.frame) : reject(this.failure))));
  }
}

/**
 * Executes each event once per distinct shape: operation document,
 * variables and viewer class (owner, admin). Results hang off the event
 * object, which every local subscriber of a topic receives (one Redis
 * message, one object), so they go when the event does.
 */
export class SubscriptionFanout {
  /** Event → operationKey → viewer class → frame; two levels, so no key is built per subscriber and event. */
  private readonly frames = new WeakMap<object, Map<string, Map<ViewerClass, ShapedFrame>>>();

  constructor(
    private readonly metrics: Metrics,
    /** The transports' error formatter (wsErrorFormatter): the codes and messages HTTP answers. */
    private readonly formatError: (error: GraphQLError) => GraphQLFormattedError,
  ) {}

  /** `result` with its errors formatted, for results the transports send as they are (a refusal). */
  formatResult(result: ExecutionResult): FormattedResult {
    return result.errors ? { ...result, errors: result.errors.map(this.formatError) } : result;
  }

  /**
   * The frame for this subscriber, or undefined when its viewer may not see
   * the event: visibility is decided per subscriber and event, so a job
   * changing hands is seen by its new owner only.
   */
  frameFor(event: OwnedEvent, args: SharedExecutionArgs): ShapedFrame | undefined {
    const viewerClass = viewerClassOf(args.contextValue.viewer, event.ownerId);
    if (viewerClass === "other") return undefined;
    let byOperation = this.frames.get(event);
    if (!byOperation) this.frames.set(event, (byOperation = new Map()));
    let byClass = byOperation.get(args.operationKey);
    if (!byClass) byOperation.set(args.operationKey, (byClass = new Map()));
    let frame = byClass.get(viewerClass);
    if (!frame) byClass.set(viewerClass, (frame = this.execute(event, args)));
    return frame;
  }

  /** Frames reached a subscriber's socket or stream: skein_subscription_delivery_seconds, as of `writtenAt`. */
  delivered(publishedAt: number | undefined, writtenAt = Date.now()): void {
    if (publishedAt !== undefined) this.metrics.subscriptionDelivery.observe((writtenAt - publishedAt) / 1_000);
  }

  /** A subscriber stopped reading and was closed (SUBSCRIPTION_BUFFER_MAX_BYTES). */
  closedSlowSubscriber(): void {
    this.metrics.subscriptionSlowCloses.inc();
  }

  private execute(event: OwnedEvent, args: SharedExecutionArgs): ShapedFrame {
    this.metrics.subscriptionExecutions.inc();
    // A context of its own: loaders must not serve one event's reads from another's cache.
    const { app, requestId, viewer, clientIp, origin } = args.contextValue;
    const contextValue = createContext(app, { requestId, viewer, clientIp, originOf: origin === undefined ? undefined : () => origin });
    const shaped = new ShapedFrame();
    const framed = (executed: ExecutionResult): { frame: Frame } => {
      if (executed.errors) logResolverFaults(contextValue.logger, executed.errors, args.operationName);
      const result = this.formatResult(executed);
      return { frame: { result, json: JSON.stringify(result), publishedAt: publishedAtOf(event) } };
    };
    return inDeliverySpan(event, args, (settled) => {
      const executed = execute({ ...args, contextValue, rootValue: event });
      const settle = (outcome: Parameters<ShapedFrame["settle"]>[0]) => (settled(), shaped.settle(outcome));
      if (isPromise(executed)) executed.then((result) => settle(framed(result)), (failure: unknown) => settle({ failure }));
      else settle(framed(executed));
      return shaped;
    });
  }
}
