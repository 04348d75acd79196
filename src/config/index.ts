export { loadConfig, ConfigError, type Config } from "./config";
export { projectRoot } from "./paths";
