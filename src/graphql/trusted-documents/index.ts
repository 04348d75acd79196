import { type GraphQLSchema } from "graphql";
import { type Logger } from "pino";
import { type Config, ConfigError } from "../../config";
import { loadManifest, validationRulesFor } from "./manifest";
import { TrustedDocuments } from "./trusted-documents";

export { catalogCachePlugin } from "./catalog-cache.plugin";
export { trustedFirstDocumentStore, trustedFirstQueries } from "./apollo-caches";
export { TrustedDocuments } from "./trusted-documents";

export interface LoadedTrustedDocuments {
  trusted: TrustedDocuments;
  /** Reads the manifests again (SIGHUP). A manifest with a problem is logged and the old one kept: a running server never loses its documents. */
  reload(): void;
}

/** TRUSTED_DOCUMENTS loaded against `schema`; throws a ConfigError (one line, naming the file or the hash) if one does not load. */
export function loadTrustedDocuments(schema: GraphQLSchema, config: Config, logger: Logger): LoadedTrustedDocuments {
  const { manifestPaths, only } = config.trustedDocuments;
  const checks = { schema, rules: validationRulesFor(config.graphql.introspection), maxTokens: config.limits.enabled ? config.limits.tokensMax : undefined };
  const load = () => loadManifest(manifestPaths, checks);
  const trusted = new TrustedDocuments(load(), only);
  if (manifestPaths.length > 0) logger.info({ documents: trusted.size, only }, "trusted documents loaded");
  return {
    trusted,
    reload: () => {
      try {
        trusted.replace(load());
        logger.info({ documents: trusted.size, only }, "trusted documents reloaded");
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        logger.error({ problems: error.problems }, "trusted documents not reloaded; the previous ones stay");
      }
    },
  };
}
