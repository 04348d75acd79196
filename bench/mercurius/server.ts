import Fastify from "fastify";
import mercurius from "mercurius";
import { exitOnSigterm, peerSetup, statementsBody } from "../peers/peer-env";
import { loaders, resolvers, schema } from "./schema";

/** The fastest Node GraphQL peer we know: Mercurius with graphql-jit and its per-request loaders. */
const { host, port, catalog, verify } = peerSetup();
const app = Fastify({ logger: false });

app.register(mercurius, {
  schema,
  resolvers: resolvers(catalog),
  loaders: loaders(catalog),
  // Compile a document with graphql-jit the first time it is seen.
  jit: 1,
  context: async (request) => ({ viewer: await verify(request.headers.authorization) }),
});
app.get("/healthz", async () => ({ status: "ok" }));
app.get("/statements", async (_request, reply) => reply.type("application/json").send(statementsBody(catalog)));

app.listen({ host, port }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
exitOnSigterm(async () => {
  await app.close();
  await catalog.close();
});
