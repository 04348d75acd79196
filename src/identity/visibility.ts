import { isAdmin } from "./roles";
import { type Viewer } from "./tokens";

/**
 * Who may see what an account owns: its private fields (`User.email`,
 * `User.orders`), its jobs and the reports they make. The one rule for the
 * resolvers, the services and the subscription fan-out, which executes an
 * event once per viewer class: so a private field's answer must depend on
 * the viewer only through its class.
 */
export type ViewerClass = "owner" | "admin" | "other";

export function viewerClassOf(viewer: Viewer | null, ownerId: number): ViewerClass {
  if (viewer?.id === ownerId) return "owner";
  return viewer && isAdmin(viewer.role) ? "admin" : "other";
}

/** The owner and admins may see what `ownerId` owns; anyone else, signed in or not, may not. */
export const canSeePrivate = (viewer: Viewer | null, ownerId: number): boolean => viewerClassOf(viewer, ownerId) !== "other";
