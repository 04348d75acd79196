import { type Viewer } from "../../identity/tokens";
import { isAdmin } from "../../identity/roles";

/**
 * What a viewer may see of an event about something `ownerId` owns. Every
 * field resolver decides visibility with canSeePrivate (the owner or an
 * admin), so two viewers of one class get the same result for one event.
 */
export type ViewerClass = "owner" | "admin" | "other";

export function viewerClassOf(viewer: Viewer | null, ownerId: number): ViewerClass {
  if (viewer?.id === ownerId) return "owner";
  return viewer && isAdmin(viewer.role) ? "admin" : "other";
}

/** The part of a subscription's shape known when it starts: its document, operation and variables. */
export interface SubscriptionRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export const operationKeyOf = ({ query, operationName, variables }: SubscriptionRequest): string =>
  JSON.stringify([query, operationName ?? null, variables ?? null]);
