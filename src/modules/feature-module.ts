import { type Redis } from "ioredis";
import { type Logger } from "pino";
import { type ClassType } from "type-graphql";
import { type Config, ConfigError, type FeatureConfig } from "../config";
import { type Database } from "../db/database";
import { type AppServices, type FeatureHooks, type FeatureServices, type HookLists, servicesTheCoreRequires } from "../graphql/context";
import { type LoaderFactories, type LoaderSource, type Loaders, composeLoaders } from "../graphql/loaders";
import { type HttpRoute } from "../transports/http/server";
import { type DefineMetrics, type Metrics } from "../infra/metrics";

/** The process's core parts, which a feature's services and hooks are built from. */
export interface FeatureDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  /** The primary's URL, for connections of a feature's own (LISTEN, pools of its own). */
  databaseUrl: string;
  /** Unset without REDIS_URL; users of it fall back to the database or a per-process map. */
  redis: Redis | undefined;
  /** The whole feature list, for a feature the others plug into (the jobs feature: their worker parts). */
  features: readonly FeatureModule[];
}

export type ServiceName = keyof FeatureServices;

/**
 * Everything one feature plugs into the core, in one object that its
 * index.ts exports; src/features.ts lists them. What it adds to the
 * services, the loaders, the settings and the extension points it also
 * declares, by declaration merging, in that index.ts: the core names no feature.
 */
export interface FeatureModule {
  /** How boot errors name it. */
  name: string;
  /** Its settings (config.<name>) and per-field rate limits; loadConfig reads them from the environment with the core's. */
  config?: FeatureConfig;
  /** type-graphql resolver classes, with the fields this feature adds to other features' types. */
  resolvers?: readonly ClassType[];
  /** Its per-request loaders, each built on first use in a request. */
  loaders?: LoaderFactories;
  /** The services `services` builds, by name: checked at boot against what the features and the core require. */
  provides?: readonly ServiceName[];
  /** Other features' services it uses; a list without a feature that provides one of them does not start. */
  requires?: readonly ServiceName[];
  /** Its part of the services, built once per process, in the list's order. */
  services?: (deps: FeatureDeps) => Partial<FeatureServices> | Promise<Partial<FeatureServices>>;
  /** What it does at other features' extension points (the email feature's afterSignUp, say), with every service at hand. */
  hooks?: (services: AppServices) => Partial<FeatureHooks>;
  /** Its metrics, defined on each process's registry with the core's (createMetrics). */
  metrics?: DefineMetrics;
  /** HTTP routes beside /graphql; request metrics label each by its path pattern. */
  routes?: readonly HttpRoute[];
  /**
   * Reads what the other features declare for its part of the schema (the
   * jobs feature: the GraphQL enum of their job kinds), before the schema is
   * built; called with the whole list, again whenever a list is composed.
   */
  collect?: (features: readonly FeatureModule[]) => void;
  /** Stops what its services run (the jobs feature: its workers finish or hand back their jobs); at shutdown, after the HTTP drain. */
  stop?: (services: AppServices) => Promise<void>;
}

/** What the features add up to, for the composition root to hand to the core. */
export interface ComposedFeatures {
  services: FeatureServices;
  createLoaders: (source: LoaderSource) => Loaders;
  resolvers: readonly ClassType[];
  routes: readonly HttpRoute[];
}

/**
 * The boot check: every service a feature or the core requires is provided
 * by exactly one feature of the list. Runs before anything is built, so a
 * list missing a feature stops the process with the reason, not later with
 * an undefined service.
 */
export function checkFeatureList(features: readonly FeatureModule[]): void {
  const providers = new Map<string, string[]>();
  for (const feature of features) for (const name of feature.provides ?? []) providers.set(name, [...(providers.get(name) ?? []), feature.name]);
  const problems: string[] = [];
  for (const [name, by] of providers) {
    if (by.length > 1) problems.push(`features: the service "${name}" is provided by ${by.join(" and ")}; one feature must provide it`);
  }
  const needs = [
    ...servicesTheCoreRequires.map((name) => ({ name, by: "the core" })),
    ...features.flatMap((feature) => (feature.requires ?? []).map((name) => ({ name, by: `the ${feature.name} feature` }))),
  ];
  for (const { name, by } of needs) {
    if (!providers.has(name)) problems.push(`features: ${by} requires the service "${name}", which no feature in the list (src/features.ts) provides`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Lets every feature collect what the others declare for its part of the schema; returns what the schema is built from. */
export function collectFeatures(features: readonly FeatureModule[]): readonly ClassType[] {
  for (const feature of features) feature.collect?.(features);
  return features.flatMap((feature) => feature.resolvers ?? []);
}

/** Builds each feature's services in the list's order; call checkFeatureList first, before anything is built. */
export async function composeFeatures(features: readonly FeatureModule[], deps: Omit<FeatureDeps, "features">): Promise<ComposedFeatures> {
  const resolvers = collectFeatures(features);
  const services: Partial<FeatureServices> = {};
  for (const feature of features) {
    const provided = (await feature.services?.({ ...deps, features })) ?? {};
    const promised = [...(feature.provides ?? [])].sort().join(", ");
    if (Object.keys(provided).sort().join(", ") !== promised) {
      throw new Error(`the ${feature.name} feature built the services ${Object.keys(provided).join(", ") || "none"}; it provides ${promised || "none"}`);
    }
    Object.assign(services, provided);
  }
  return {
    services: services as FeatureServices,
    createLoaders: composeLoaders(features.map((feature) => feature.loaders ?? {})),
    resolvers,
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

/** Each feature's stop, in the list's reverse order (a feature stops before those it builds on); one that fails does not keep the others from stopping. */
export async function stopFeatures(features: readonly FeatureModule[], services: AppServices): Promise<void> {
  const failures: unknown[] = [];
  for (const feature of [...features].reverse()) await feature.stop?.(services).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} feature(s) did not stop cleanly`);
}
