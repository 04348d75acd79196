export { loadConfig, loadDotEnv, configSchemaOf, ConfigError, requireJwtSecret, type Config, type ConfiguredFeature } from "./config";
export { developmentJwtSecret } from "./config.sections";
export {
  type FeatureConfig,
  type FeatureSettings,
  type FieldLimitName,
  type FieldLimitNames,
  type SectionEnv,
  configSection,
} from "./feature-config";
export { nonNegativeInt, optionalFlag, positiveInt } from "./env-values";
export { projectRoot } from "./paths";
export { StartupError } from "./startup-error";
export { type RedisTarget, type SentinelAddress, usesRedis } from "./redis-target";
