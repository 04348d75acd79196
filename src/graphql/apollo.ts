import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type PersistedQueryOptions } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { type GraphQLSchema } from "graphql";
import { type Server } from "node:http";
import { type Config } from "../config";
import { type Metrics } from "../infra/metrics";
import { type Context } from "./context";
import { jitGateway, resultWriter } from "./executor/jit-gateway";
import { formatErrorFor } from "./format-error";
import { persistedQuerySizePlugin } from "./limits";
import { requestErrorStatusPlugin } from "./plugins/request-error-status";
import { sandboxLandingPage } from "./plugins/sandbox-landing-page";

export interface ApolloOptions {
  schema: GraphQLSchema;
  httpServer: Server;
  config: Config;
  /** Where the compiled operations' cache reports its size. */
  metrics: Pick<Metrics, "observeCache" | "graphqlExecutions" | "graphqlResultsWritten">;
  plugins?: ApolloServerPlugin<Context>[];
  /** APQ; unset: Apollo's in-memory default. */
  persistedQueries?: PersistedQueryOptions;
  /** Tokens a query document may have; unset: no limit. */
  maxTokens?: number;
  /** Parsed, validated documents by hash; unset: Apollo's in-memory default. */
  documentStore?: ApolloServerOptions<Context>["documentStore"];
}

export function createApolloServer({ schema, httpServer, config, metrics, plugins = [], persistedQueries, maxTokens, documentStore }: ApolloOptions): ApolloServer<Context> {
  const explorer = config.graphql.introspection;
  return new ApolloServer<Context>({
    // A compiled executor in place of graphql-js's (see jit-gateway.ts).
    gateway: jitGateway(schema, metrics),
    // Its results are written by the JSON writer compiled with each query (see jit-gateway.ts).
    stringifyResult: resultWriter(metrics),
    // The process's own shutdown stops Apollo in order; Apollo's handler would
    // re-raise the signal after stopping and kill the process mid-shutdown.
    stopOnTerminationSignals: false,
    introspection: explorer,
    persistedQueries,
    documentStore,
    parseOptions: { maxTokens },
    includeStacktraceInErrorResponses: !config.production,
    formatError: formatErrorFor(config),
    plugins: [
      // Requests still running after SHUTDOWN_TIMEOUT_MS have their connections cut.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdown.timeoutMs }),
      // Apollo Sandbox at GET /graphql: what developers expect (it loads from Apollo's CDN; offline, it points at /graphiql).
      explorer ? sandboxLandingPage() : ApolloServerPluginLandingPageDisabled(),
      // No field sets cache hints, and the default cache-control plugin wraps
      // every field resolver to collect them: about a fifth of a large query's CPU.
      ApolloServerPluginCacheControlDisabled(),
      // Inline traces are for a federation gateway above a subgraph, which this is not; the
      // default plugin still starts (and drops) a listener on every request to find that out.
      ApolloServerPluginInlineTraceDisabled(),
      requestErrorStatusPlugin,
      persistedQuerySizePlugin(config.cache.apqMaxBytes),
      ...plugins,
    ],
  });
}
