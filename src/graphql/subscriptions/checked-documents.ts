import { type SubscribePayload } from "graphql-ws";
import { type SubscriptionCheck } from "../ws-operation";
import { operationKeyOf } from "./shape";

/** Distinct operations (document, name, variables) whose check is remembered. */
const rememberedMax = 1_000;

/**
 * subscriptionChecker's answers remembered per operation: a reconnect storm
 * sends the same few documents thousands of times, and parsing, validating
 * and costing each again is most of a subscription's start. The answer
 * depends on nothing else (schema and limits are fixed per process).
 */
export function rememberChecks(check: (payload: SubscribePayload) => SubscriptionCheck): (payload: SubscribePayload) => SubscriptionCheck {
  const answers = new Map<string, SubscriptionCheck>();
  return (payload) => {
    const key = operationKeyOf(payload);
    let answer = answers.get(key);
    if (!answer) {
      answer = check(payload);
      if (answers.size >= rememberedMax) answers.delete(answers.keys().next().value as string);
      answers.set(key, answer);
    }
    return answer;
  };
}
