import { type Logger } from "pino";
import { type Config } from "../config";
import { type Database, type Tx } from "../db/database";
import { RequestDb } from "../db/request-db";
import { type TokenService, type Viewer } from "../modules/auth/tokens";
import { type JobSystem } from "../modules/jobs/job.system";
import { type ReportLinks } from "../modules/reports/report.signing";
import { type UserRow } from "../modules/users/user.table";
import { ForbiddenError, UnauthenticatedError } from "./errors";
import { type Loaders, createLoaders } from "./loaders";

/**
 * What other features do inside a core mutation's transaction. The jobs
 * feature adds its welcome email here, so users never imports jobs.
 */
export interface Hooks {
  afterSignUp: Array<(tx: Tx, user: UserRow) => Promise<void>>;
}

/** Built once per process; shared by every request. */
export interface AppServices {
  config: Config;
  database: Database;
  tokens: TokenService;
  hooks: Hooks;
  logger: Logger;
  jobs: JobSystem;
  reportLinks: ReportLinks;
}

export interface Context {
  requestId: string;
  logger: Logger;
  viewer: Viewer | null;
  db: RequestDb;
  loaders: Loaders;
  app: AppServices;
}

export function createContext(app: AppServices, requestId: string, viewer: Viewer | null): Context {
  let loaders: Loaders;
  // Loaders cache within a request; a write makes those reads stale.
  const db = new RequestDb(app.database, () => {
    loaders = createLoaders(() => db.reader());
  });
  loaders = createLoaders(() => db.reader());
  return {
    requestId,
    logger: app.logger.child({ requestId, userId: viewer?.id }),
    viewer,
    db,
    get loaders() {
      return loaders;
    },
    app,
  };
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

/** The user themself and admins may see a user's private fields. */
export const canSeePrivate = (viewer: Viewer | null, userId: number): boolean =>
  viewer !== null && (viewer.id === userId || viewer.role === "ADMIN");

export function requireSelfOrAdmin(ctx: Context, userId: number): Viewer {
  const viewer = requireViewer(ctx);
  if (!canSeePrivate(viewer, userId)) throw new ForbiddenError();
  return viewer;
}
