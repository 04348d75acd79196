import { type GraphQLRequestContext } from "@apollo/server";

/**
 * success: no errors. error: it ran and something failed (partial data
 * included). rejected: it never ran (parse or validation failure, unknown
 * operation).
 */
export type OperationOutcome = "success" | "error" | "rejected";

export interface OperationSummary {
  /** The operation's name; "anonymous" when it has none. */
  name: string;
  /** query, mutation or subscription; "unknown" when the request never resolved to one. */
  type: string;
  outcome: OperationOutcome;
}

/** What the metrics and the request log say about a finished operation. */
export function summarizeOperation({ operation, operationName, errors }: GraphQLRequestContext<object>): OperationSummary {
  const outcome = !operation ? "rejected" : errors?.length ? "error" : "success";
  return { name: operationName ?? operation?.name?.value ?? "anonymous", type: operation?.operation ?? "unknown", outcome };
}
