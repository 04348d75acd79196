import { type AppServices } from "./context";
import { type ReadDb } from "./loader-helpers";

/**
 * Each feature's per-request loaders, under the feature's name; features add
 * theirs by declaration merging (as in src/modules/users/index.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface Loaders {}

/**
 * What a feature's loaders are built from. `read` is the request's pool (a
 * replica until it writes); `primary` is for rows another process has just
 * written and announced, which a lagging replica may not have yet.
 */
export interface LoaderSource {
  read: ReadDb;
  primary: ReadDb;
  app: AppServices;
  /** The request has written: cached reads (a shared cache included) would miss its own writes. */
  wrote: boolean;
  /**
   * Runs `letGo` once the request's response is written (never, where the
   * transport does not say). A loader that holds many rows empties its pages
   * there: under load, the request's early objects (the loader, its promises)
   * have often been promoted to the old generation by then, and whatever they
   * still point to survives every minor GC until the next full one.
   */
  afterResponse: (letGo: () => void) => void;
}

/** How a feature builds its loaders for one request. */
export type LoaderFactories = { [K in keyof Loaders]?: (source: LoaderSource) => Loaders[K] };

/**
 * One class per process whose getters build a feature's loaders on first
 * use in a request (most requests touch one or two features): a request
 * pays for the loaders it touches, and the object itself costs the same
 * whatever the number of features.
 */
export function composeLoaders(factories: readonly LoaderFactories[]): (source: LoaderSource) => Loaders {
  class RequestLoaders {
    readonly made: Record<string, unknown> = {};
    constructor(readonly source: LoaderSource) {}
  }
  for (const feature of factories) {
    for (const [name, create] of Object.entries(feature) as Array<[string, (source: LoaderSource) => unknown]>) {
      if (Object.hasOwn(RequestLoaders.prototype, name)) throw new Error(`two features have loaders named ${name}`);
      Object.defineProperty(RequestLoaders.prototype, name, {
        get(this: RequestLoaders) {
          return (this.made[name] ??= create(this.source));
        },
      });
    }
  }
  return (source) => new RequestLoaders(source) as unknown as Loaders;
}
