import { type ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import { type Config } from "../config";
import { type AppServices, type Context, createContext } from "../graphql/context";
import { type Metrics } from "../infra/metrics";
import { createQueueDashboard, queueDashboardPath } from "../modules/jobs/queue-dashboard";
import { createReportDownload } from "../modules/reports";
import { bodyErrorHandler } from "./body-errors";
import { serveGraphiQL } from "./graphiql";
import { requestIdFrom } from "./request-id";

export interface HttpAppOptions {
  config: Config;
  apollo: ApolloServer<Context>;
  services: AppServices;
  metrics: Metrics;
}

/** The Express app: GraphQL over HTTP, the offline explorer, health and metrics. */
export function createHttpApp({ config, apollo, services, metrics }: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (config.graphql.introspection) app.get("/graphiql", serveGraphiQL);
  app.get("/reports/:id", createReportDownload(services.database, services.reportLinks));
  app.use(queueDashboardPath, createQueueDashboard(services.jobs.queues, services.tokens));

  app.use(
    "/graphql",
    express.json({ limit: config.graphql.bodyLimitBytes }),
    bodyErrorHandler,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await services.tokens.fromAuthorizationHeader(req.headers.authorization);
        return createContext(services, requestIdFrom(req.headers), viewer);
      },
    }),
  );
  return app;
}
