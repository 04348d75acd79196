import { type SubscribePayload } from "graphql-ws";
import { BoundedCache } from "../../infra/bounded-cache";
import { type Metrics } from "../../infra/metrics";
import { type SubscriptionCheck } from "./operation-check";
import { operationKeyOf } from "./shape";

/** Distinct operations (document, name, variables) whose check is remembered. */
const rememberedMax = 1_000;

/** Estimated bytes the remembered checks hold at most, per transport; one answer over a tenth of it is not remembered. */
const rememberedMaxBytes = 16 * 1024 * 1024;

/**
 * What a remembered check holds, estimated: its key (the query text and
 * variables), the document's AST and tokens, which an error's nodes keep
 * alive too, and each error's own objects and message. 40 bytes a
 * character of text: what test/cache-bounds.test.ts measured for a
 * document of short field names (a node and a token for every few characters).
 */
function estimatedBytes({ answer, operationKey }: RememberedCheck): number {
  const errors = "errors" in answer ? answer.errors : [];
  return operationKey.length * 40 + errors.reduce((sum, error) => sum + 400 + error.message.length * 2, 0);
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
      remembered.set(operationKey, entry);
    }
    return entry;
  };
}
