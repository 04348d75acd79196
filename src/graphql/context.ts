import { type Logger } from "pino";
import { type Config } from "../config";
import { type Database, type Tx } from "../db/database";
import { type Lsn } from "../db/lsn";
import { type ReadPositions } from "../db/read-position";
import { RequestDb } from "../db/request-db";
import { type TokenService, type Viewer } from "../modules/auth/tokens";
import { type ProfileCache } from "../modules/users/user.cache";
import { type JobSystem } from "../modules/jobs/job.system";
import { type ReportLinks } from "../modules/reports/report.signing";
import { type UserRow } from "../modules/users/user.table";
import { isAdmin } from "../modules/users/user.roles";
import { ForbiddenError, UnauthenticatedError } from "./errors";
import { type ClientRateLimiter, type FieldRateLimiter } from "./limits";
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
  rateLimits: FieldRateLimiter;
  clientLimits: ClientRateLimiter;
  profileCache: ProfileCache;
  /** Each signed-in viewer's last write position, for read-your-writes on every instance. */
  readPositions: ReadPositions;
  jobs: JobSystem;
  reportLinks: ReportLinks;
}

export interface Context {
  requestId: string;
  logger: Logger;
  viewer: Viewer | null;
  /** The client's address, which limits count when there is no viewer. */
  clientIp?: string;
  db: RequestDb;
  loaders: Loaders;
  app: AppServices;
}

/** `readAfter`: the WAL position the request's reads must see (see ReadPositions.requiredFor). */
export function createContext(app: AppServices, requestId: string, viewer: Viewer | null, clientIp?: string, readAfter?: Lsn): Context {
  let loaders: Loaders;
  // Loaders cache within a request; a write makes those reads stale, and
  // from then on the request reads the primary, not the shared cache.
  const primary = () => app.database.primary;
  const db = new RequestDb(app.database, {
    afterWrite: () => {
      loaders = createLoaders(() => db.reader(), primary);
    },
    readAfter,
    onCommit: viewer ? (lsn) => app.readPositions.remember(viewer.id, lsn) : undefined,
  });
  loaders = createLoaders(() => db.reader(), primary, app.profileCache);
  return {
    requestId,
    logger: app.logger.child({ requestId, userId: viewer?.id }),
    viewer,
    clientIp,
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
  viewer !== null && (viewer.id === userId || isAdmin(viewer.role));

export function requireSelfOrAdmin(ctx: Context, userId: number): Viewer {
  const viewer = requireViewer(ctx);
  if (!canSeePrivate(viewer, userId)) throw new ForbiddenError();
  return viewer;
}
