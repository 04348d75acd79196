import { type SubscribePayload } from "graphql-ws";
import { BoundedCache } from "../../infra/bounded-cache";
import { type Metrics } from "../../infra/metrics";
import { type SubscriptionCheck } from "./operation-check";
import { operationKeyOf } from "./shape";

/** Distinct operations (document, name, variables) whose check is remembered. */
const rememberedMax = 1_000;

/** Estimated bytes the remembered checks hold at most, per transport; one answer over a tenth of it is not remembered. */
const rememberedMaxBytes = 16 * 1024 * 1024;

/** A GraphQL token, or a character of punctuation: as many as the lexer finds, or more (a comment's words count too). */
const tokenPattern = /\w+|[^\s\w,]/g;

/**
 * What a remembered check holds, estimated from above: its key (the query
 * text and variables, two bytes a character), about 500 bytes a token of
 * the key (a query token's Token and AST nodes: 290 to 490 measured with
 * graphql 16, short field names the most; the variables' tokens count too,
 * so this errs high) and 3 KiB an error (message, locations and formatted
 * stack: 2.6 measured). test/cache-bounds.test.ts holds the heap near this
 * estimate.
 */
function estimatedBytes({ answer, operationKey }: RememberedCheck): number {
  const errors = "errors" in answer ? answer.errors.length : 0;
  const tokens = operationKey.match(tokenPattern)?.length ?? 0;
  return operationKey.length * 2 + tokens * 500 + errors * 3 * 1024;
}

/**
 * Formats each error's stack now. Until a stack is read, V8 keeps the
 * frames the error was made in, with their receivers and functions: for a
 * refused subscribe, about 55 KB of the check's run (measured in a
 * production process, where no response reads the stack), which a
 * remembered answer would hold for as long as it is remembered.
 */
function releaseFrames(answer: SubscriptionCheck): void {
  if (!("errors" in answer)) return;
  for (const error of answer.errors) void error.stack;
}

/**
 * A subscribe message's check, and its operation's key: the same string
 * object for every subscription of a remembered operation, so the fanout's
 * lookups by key, per subscriber and event, compare it by identity instead
 * of reading each subscriber's own copy.
 */
export interface RememberedCheck {
  answer: SubscriptionCheck;
  operationKey: string;
}

/**
 * subscriptionChecker's answers remembered per operation: a reconnect storm
 * sends the same few documents thousands of times, and parsing, validating
 * and costing each again is most of a subscription's start. The answer
 * depends on nothing else (schema and limits are fixed per process).
 * Bounded in entries and in estimated bytes: a client's distinct documents,
 * each with thousands of validation errors, must not fill the heap.
 */
export function rememberChecks(
  check: (payload: SubscribePayload) => SubscriptionCheck,
  metrics: Pick<Metrics, "observeCache">,
): (payload: SubscribePayload) => RememberedCheck {
  const remembered = new BoundedCache<string, RememberedCheck>({ maxEntries: rememberedMax, maxWeight: rememberedMaxBytes, weightOf: estimatedBytes });
  metrics.observeCache("subscription_checks", remembered);
  return (payload) => {
    const operationKey = operationKeyOf(payload);
    let entry = remembered.get(operationKey);
    if (!entry) {
      entry = { answer: check(payload), operationKey };
      releaseFrames(entry.answer);
      remembered.set(operationKey, entry);
    }
    return entry;
  };
}
