/** The part of a subscription's shape known when it starts: its document, operation and variables. */
export interface SubscriptionRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export const operationKeyOf = ({ query, operationName, variables }: SubscriptionRequest): string =>
  JSON.stringify([query, operationName ?? null, variables ?? null]);
