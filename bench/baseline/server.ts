import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import { type QueryName, benchQueries, queryNames } from "../queries";
import { exitOnSigterm, peerSetup, statementsBody } from "../peers/peer-env";
import { answers } from "./answers";

/**
 * The practical limit of Node on this catalog: node:http and pg, the
 * statements CATALOG_SQL names (the least work, or Skein's own), the JSON
 * written by hand, no GraphQL. A request is matched on its query text,
 * so only the two bench queries are answered.
 */
const { host, port, catalog, verify } = peerSetup();
const queryByText = new Map<string, QueryName>(queryNames.map((name) => [benchQueries[name], name]));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function answerGraphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { query } = JSON.parse(await readBody(req)) as { query?: string };
  const name = query === undefined ? undefined : queryByText.get(query);
  if (!name) {
    res.writeHead(400, { "content-type": "application/json" }).end(`{"errors":[{"message":"the baseline answers the bench queries only"}]}`);
    return;
  }
  const body = await answers[name](catalog, await verify(req.headers.authorization));
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
}

const server = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/graphql") {
    answerGraphql(req, res).catch((error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    });
  } else if (req.method === "GET" && req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end(`{"status":"ok"}`);
  } else if (req.method === "GET" && req.url === "/statements") {
    res.writeHead(200, { "content-type": "application/json" }).end(statementsBody(catalog));
  } else {
    res.writeHead(404).end();
  }
});

server.listen(port, host);
exitOnSigterm(async () => {
  server.close();
  server.closeIdleConnections();
  await catalog.close();
});
