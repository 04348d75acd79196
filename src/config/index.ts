export { loadConfig, loadDotEnv, ConfigError, requireJwtSecret, type Config } from "./config";
export { projectRoot } from "./paths";
