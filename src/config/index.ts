export { loadConfig, loadDotEnv, ConfigError, type Config } from "./config";
export { projectRoot } from "./paths";
