import { type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { randomUUID } from "node:crypto";
import { type Server } from "node:http";
import { WebSocketServer } from "ws";
import { type Viewer } from "../modules/auth/tokens";
import { type AppServices, createContext } from "./context";
import { createFormatError } from "./format-error";

type ConnectionParams = { authorization?: unknown; token?: unknown } | undefined;

/** The viewer a connection's params name: `authorization: "Bearer …"` or `token`; none means anonymous. */
async function viewerFrom(services: AppServices, params: ConnectionParams): Promise<Viewer | null> {
  if (typeof params?.token === "string") return services.tokens.verify(params.token);
  if (typeof params?.authorization === "string") return services.tokens.fromAuthorizationHeader(params.authorization);
  return null;
}

/**
 * graphql-ws on the HTTP server's port and path. A bad token closes the
 * connection with 4403 Forbidden. Returns the disposer: calling it closes
 * every client with 1001 (going away), so they reconnect elsewhere.
 */
export function attachSubscriptions(httpServer: Server, schema: GraphQLSchema, services: AppServices): () => Promise<void> {
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const formatError = createFormatError(services.config.production);
  const server = useServer<ConnectionParams, { viewer: Viewer | null }>(
    {
      schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.viewer = await viewerFrom(services, ctx.connectionParams);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => createContext(services, randomUUID(), ctx.extra.viewer ?? null),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : undefined,
    },
    wss,
  );
  return async () => {
    await server.dispose();
  };
}
