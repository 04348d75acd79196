import { type Redis } from "ioredis";
import { type Logger } from "pino";
import { type ClassType } from "type-graphql";
import { type Config } from "../config";
import { type Database } from "../db/database";
import { type AppServices, type FeatureHooks, type FeatureServices, type HookLists } from "../graphql/context";
import { type LoaderFactories, type LoaderSource, type Loaders, composeLoaders } from "../graphql/loaders";
import { type HttpRoute } from "../http/server";
import { type Metrics } from "../infra/metrics";

/** The process's core parts, which a feature's services and hooks are built from. */
export interface FeatureDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  /** Unset without REDIS_URL; users of it fall back to the database or a per-process map. */
  redis: Redis | undefined;
}

/**
 * Everything one feature plugs into the core, in one object that its
 * index.ts exports; src/features.ts lists them. What it adds to the
 * services, the loaders and the extension points it also declares, by
 * declaration merging, in that index.ts: the core names no feature.
 */
export interface FeatureModule {
  /** type-graphql resolver classes, with the fields this feature adds to other features' types. */
  resolvers?: readonly ClassType[];
  /** Its per-request loaders, each built on first use in a request. */
  loaders?: LoaderFactories;
  /** Its part of the services, built once per process. */
  services?: (deps: FeatureDeps) => Partial<FeatureServices>;
  /** What it does at other features' extension points (the email feature's afterSignUp, say), with every service at hand. */
  hooks?: (services: AppServices) => Partial<FeatureHooks>;
  /** HTTP routes beside /graphql. */
  routes?: readonly HttpRoute[];
}

/** What the features add up to, for the composition root to hand to the core. */
export interface ComposedFeatures {
  /** Without what the composition root builds itself (the job system). */
  services: Partial<FeatureServices>;
  createLoaders: (source: LoaderSource) => Loaders;
  resolvers: readonly ClassType[];
  routes: readonly HttpRoute[];
}

export function composeFeatures(features: readonly FeatureModule[], deps: FeatureDeps): ComposedFeatures {
  return {
    services: Object.assign({}, ...features.map((feature) => feature.services?.(deps))) as Partial<FeatureServices>,
    createLoaders: composeLoaders(features.map((feature) => feature.loaders ?? {})),
    resolvers: features.flatMap((feature) => feature.resolvers ?? []),
    routes: features.flatMap((feature) => feature.routes ?? []),
  };
}

/** Each extension point's functions, from every feature, in the list's order; built once the services are. */
export function composeHooks(features: readonly FeatureModule[], services: AppServices): HookLists {
  const hooks: Record<string, unknown[]> = {};
  for (const feature of features) {
    for (const [point, hook] of Object.entries(feature.hooks?.(services) ?? {})) (hooks[point] ??= []).push(hook);
  }
  return hooks as HookLists;
}
