import { type SubscribePayload } from "graphql-ws";
import { type SubscriptionCheck } from "../ws-operation";
import { operationKeyOf } from "./shape";

/** Distinct operations (document, name, variables) whose check is remembered. */
const rememberedMax = 1_000;

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
 */
export function rememberChecks(check: (payload: SubscribePayload) => SubscriptionCheck): (payload: SubscribePayload) => RememberedCheck {
  const remembered = new Map<string, RememberedCheck>();
  return (payload) => {
    const operationKey = operationKeyOf(payload);
    let entry = remembered.get(operationKey);
    if (!entry) {
      entry = { answer: check(payload), operationKey };
      if (remembered.size >= rememberedMax) remembered.delete(remembered.keys().next().value as string);
      remembered.set(operationKey, entry);
    }
    return entry;
  };
}
