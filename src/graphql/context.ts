import { type Logger } from "pino";
import { type Config } from "../config";
import { type Database } from "../db/database";
import { type Lsn } from "../db/lsn";
import { type ReadPositions } from "../db/read-position";
import { RequestDb } from "../db/request-db";
import { isAdmin } from "../identity/roles";
import { type TokenService, type Viewer } from "../identity/tokens";
import { type RoleLookup } from "../identity/viewer-roles";
import { canSeePrivate } from "../identity/visibility";
import { ForbiddenError, UnauthenticatedError } from "../errors";
import { type ClientRateLimiter, type FieldRateLimiter } from "./limits";
import { type LoaderSource, type Loaders } from "./loaders";

/**
 * What the core needs a feature to provide (identity asks who has which
 * role; the users feature answers): the boot check refuses a feature list
 * where no feature provides one of these.
 */
export interface CoreRequiredServices {
  roleOfUser: RoleLookup;
}

export const servicesTheCoreRequires = ["roleOfUser"] as const satisfies ReadonlyArray<keyof CoreRequiredServices>;

/**
 * What features add to the services, each under its own name, by
 * declaration merging from its folder (as in src/modules/users/index.ts):
 * the core names none of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface FeatureServices extends CoreRequiredServices {}

/**
 * What features do at another feature's extension points, each point a
 * function type declared by the feature that calls it (users declares
 * afterSignUp), by declaration merging like FeatureServices.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface FeatureHooks {}

/** Every feature's functions for each extension point, in the order of the feature list; unset where none plugs in. */
export type HookLists = { readonly [K in keyof FeatureHooks]?: ReadonlyArray<FeatureHooks[K]> };

/** Built once per process; shared by every request. */
export interface AppServices extends FeatureServices {
  config: Config;
  database: Database;
  tokens: TokenService;
  hooks: HookLists;
  logger: Logger;
  rateLimits: FieldRateLimiter;
  clientLimits: ClientRateLimiter;
  /** Each signed-in viewer's last write position, for read-your-writes on every instance. */
  readPositions: ReadPositions;
  /** A request's loaders object, each feature's built on first use (src/graphql/loaders.ts). */
  createLoaders: (source: LoaderSource) => Loaders;
}

export interface Context {
  requestId: string;
  logger: Logger;
  viewer: Viewer | null;
  /** The client's address, which limits count when there is no viewer. */
  clientIp?: string;
  /** `scheme://host` as the client addressed this server (behind a trusted proxy, as the proxy says). */
  origin?: string;
  db: RequestDb;
  loaders: Loaders;
  app: AppServices;
}

/** What a request's context is built from; the transports fill in what they know. */
export interface RequestOrigin {
  requestId: string;
  viewer: Viewer | null;
  /** The client's address, which limits count when there is no viewer. */
  clientIp?: string;
  /** `scheme://host` as the client addressed this server; called only when a report link is built. */
  originOf?: () => string;
  /** The WAL position the request's reads must see (see ReadPositions.requiredFor). */
  readAfter?: Lsn;
  /** Runs `letGo` once the response is written (LoaderSource.afterResponse); unset: never. */
  afterResponse?: (letGo: () => void) => void;
}

const never = (): void => {};

/**
 * What a request builds on first use, in one object: Apollo hands resolvers
 * a copy of the context (own properties copied, prototype kept), and the
 * copy must see the same loaders and logger as the original.
 */
interface Lazy {
  loaders?: Loaders;
  logger?: Logger;
  wrote: boolean;
}

/** Loaders and the child logger are made when first used: many requests need neither (or only one loader). */
class RequestContext implements Context {
  readonly requestId: string;
  readonly viewer: Viewer | null;
  readonly clientIp?: string;
  readonly db: RequestDb;
  private readonly originOf?: () => string;
  private readonly afterResponse: (letGo: () => void) => void;
  private readonly lazy: Lazy = { wrote: false };

  constructor(
    readonly app: AppServices,
    { requestId, viewer, clientIp, originOf, readAfter, afterResponse }: RequestOrigin,
  ) {
    this.requestId = requestId;
    this.viewer = viewer;
    this.clientIp = clientIp;
    this.originOf = originOf;
    this.afterResponse = afterResponse ?? never;
    const lazy = this.lazy;
    this.db = new RequestDb(app.database, {
      // Loaders cache within a request; a write makes those reads stale, and
      // from then on the request reads the primary, not the shared cache.
      afterWrite: () => {
        lazy.wrote = true;
        lazy.loaders = undefined;
      },
      readAfter,
      onCommit: viewer ? (lsn) => app.readPositions.remember(viewer.id, lsn) : undefined,
    });
  }

  get loaders(): Loaders {
    const { app, db, lazy, afterResponse } = this;
    return (lazy.loaders ??= app.createLoaders({ read: () => db.reader(), primary: () => app.database.primary, app, wrote: lazy.wrote, afterResponse }));
  }

  /** Built on first read: only report links need it. */
  get origin(): string | undefined {
    return this.originOf?.();
  }

  get logger(): Logger {
    return (this.lazy.logger ??= this.app.logger.child({ requestId: this.requestId, userId: this.viewer?.id }));
  }
}

export function createContext(app: AppServices, request: RequestOrigin): Context {
  return new RequestContext(app, request);
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}

export function requireAdmin(ctx: Context): Viewer {
  const viewer = requireViewer(ctx);
  if (!isAdmin(viewer.role)) throw new ForbiddenError("Only an admin may do this.");
  return viewer;
}

export function requireSelfOrAdmin(ctx: Context, userId: number): Viewer {
  const viewer = requireViewer(ctx);
  if (!canSeePrivate(viewer, userId)) throw new ForbiddenError();
  return viewer;
}
