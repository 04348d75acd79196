import { type ZodRawShape, type ZodTypeAny, type z } from "zod";
import { type CoreRawConfig } from "./config.schema";
import { positiveInt } from "./env-values";

/**
 * Each feature's settings under the feature's name (`config.jobs`,
 * `config.reports`, ...); a feature adds its own by declaration merging, as
 * src/modules/jobs/index.ts does, and builds them with `configSection`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface FeatureSettings {}

/**
 * The names `@RateLimit(name)` takes; a feature adds those of its fields by
 * declaration merging, as src/modules/users/index.ts does, and their default
 * sizes with `fieldLimits` in its config.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features
export interface FieldLimitNames {}
export type FieldLimitName = keyof FieldLimitNames;

/** A per-field limit's default size: calls per client per window. */
export interface FieldLimitDefaults {
  max: number;
  windowSeconds: number;
  /** Top-level string arguments that narrow the limit beyond the client (logIn: per client and email). */
  identityArgs?: readonly string[];
}

export interface FieldLimit {
  readonly max: number;
  readonly windowSeconds: number;
  readonly identityArgs: readonly string[];
}

/** One feature's environment variables and the typed settings built from them. */
export interface ConfigSection {
  readonly name: keyof FeatureSettings;
  readonly env: ZodRawShape;
  build(raw: Record<string, unknown>): unknown;
}

/** What a feature adds to the configuration; loadConfig composes these from the feature list. */
export interface FeatureConfig {
  section?: ConfigSection;
  /** Its fields' rate limits, each sized by RATE_LIMIT_<NAME>_MAX and RATE_LIMIT_<NAME>_WINDOW_SECONDS. */
  fieldLimits?: { readonly [K in FieldLimitName]?: FieldLimitDefaults };
}

/** The parsed environment a section's settings are built from: the core's variables and the section's own. */
export type SectionEnv<S extends ZodRawShape> = CoreRawConfig & z.infer<z.ZodObject<S>>;

/**
 * A feature's section: its variables (zod, with their defaults and units)
 * and how its settings are built from them and the core's (a default may
 * follow from a core setting, as the report signing key from JWT_SECRET).
 */
export function configSection<K extends keyof FeatureSettings, S extends ZodRawShape>(
  name: K,
  env: S,
  build: (raw: SectionEnv<S>) => FeatureSettings[K],
): ConfigSection {
  return { name, env, build: (raw) => Object.freeze(build(raw as SectionEnv<S>)) };
}

/** `sendWelcomeEmail` -> `RATE_LIMIT_SEND_WELCOME_EMAIL`. */
const limitVariable = (name: string): string => `RATE_LIMIT_${name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

/** Every feature's variables, keyed by name; a variable two places declare is a programming error. */
export function featureVariables(parts: readonly FeatureConfig[], coreNames: readonly string[]): Record<string, ZodTypeAny> {
  const shape: Record<string, ZodTypeAny> = {};
  const add = (name: string, type: ZodTypeAny) => {
    if (coreNames.includes(name) || name in shape) throw new Error(`the environment variable ${name} is declared twice`);
    shape[name] = type;
  };
  for (const part of parts) {
    for (const [name, type] of Object.entries(part.section?.env ?? {})) add(name, type);
    for (const [field, limit] of Object.entries(part.fieldLimits ?? {}) as Array<[string, FieldLimitDefaults]>) {
      add(`${limitVariable(field)}_MAX`, positiveInt.default(limit.max));
      add(`${limitVariable(field)}_WINDOW_SECONDS`, positiveInt.default(limit.windowSeconds));
    }
  }
  return shape;
}

/** The per-field limits as configured: the features' defaults unless the environment sizes them. */
export function fieldLimitsFrom(parts: readonly FeatureConfig[], raw: Record<string, unknown>): Readonly<Record<FieldLimitName, FieldLimit>> {
  const limits: Record<string, FieldLimit> = {};
  for (const part of parts) {
    for (const [field, { identityArgs = [] }] of Object.entries(part.fieldLimits ?? {}) as Array<[string, FieldLimitDefaults]>) {
      const variable = limitVariable(field);
      const limit = { max: raw[`${variable}_MAX`] as number, windowSeconds: raw[`${variable}_WINDOW_SECONDS`] as number, identityArgs };
      limits[field] = Object.freeze(limit);
    }
  }
  return Object.freeze(limits) as Record<FieldLimitName, FieldLimit>;
}

/** Each feature's settings under its name. */
export function featureSettingsFrom(parts: readonly FeatureConfig[], raw: Record<string, unknown>, coreKeys: readonly string[]): Readonly<FeatureSettings> {
  const settings: Record<string, unknown> = {};
  for (const section of parts.flatMap((part) => part.section ?? [])) {
    if (coreKeys.includes(section.name) || section.name in settings) throw new Error(`two config sections are named ${section.name}`);
    settings[section.name] = section.build(raw);
  }
  return settings as unknown as FeatureSettings;
}
