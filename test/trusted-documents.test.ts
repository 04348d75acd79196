import "reflect-metadata";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ApolloServer } from "@apollo/server";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { type DocumentNode, buildSchema, parse, print, specifiedRules } from "graphql";
import { loadConfig } from "../src/config";
import { projectRoot } from "../src/config/paths";
import { features } from "../src/features";
import { loadManifest } from "../src/graphql/trusted-documents/manifest";
import { TrustedDocuments, trustedFirstDocumentStore, trustedFirstQueries } from "../src/graphql/trusted-documents";
import { graphql } from "./__generated__";
import { GraphQLClient, type GraphQLResponse, documentIdOf, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { createItem, signUpAdmin, signUpUser } from "./support/fixtures";
import { type ServerProcess, spawnServer } from "./support/server-process";
import { subscribeOverSse } from "./support/sse";
import { type Ending, subscribe, wsClient } from "./support/subscriptions";
import { type TestServer, startTestServer, testJwtSecret } from "./support/server";

const TrustedCatalog = graphql(`
  query TrustedCatalog($first: Int!) { items(first: $first) { nodes { id sku } } }
`);
const TrustedMe = graphql(`
  query TrustedMe { me { id email } }
`);
const TrustedMyName = graphql(`
  query TrustedMyName { me { name } }
`);
const TrustedNested = graphql(`
  query TrustedNested($first: Int!) { users(first: $first) { nodes { id items(first: 10) { nodes { sku owner { name } } } } } }
`);
const TrustedOverBudget = graphql(`
  query TrustedOverBudget { users(first: 100) { nodes { items(first: 100) { nodes { id } } } } }
`);
const TrustedLatestJob = graphql(`
  query TrustedLatestJob { jobs(first: 1) { nodes { id } } }
`);
const TrustedRename = graphql(`
  mutation TrustedRename($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }
`);
const TrustedFollowJob = graphql(`
  subscription TrustedFollowJob($id: ID!) { jobUpdated(id: $id) { id state } }
`);

/** What `npm run codegen` writes for the documents of test/ and bench/. */
const manifestPath = path.join(projectRoot, "test/__generated__/persisted-documents.json");
const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");
const idOf = (document: Parameters<typeof documentIdOf>[0]): string => documentIdOf(document)!;
const unknownId = `sha256:${"0".repeat(64)}`;
const freeForm = "query { items(first: 1) { nodes { id } } }";
const apq = (hash: string, query?: string) => JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

async function get(url: string, params: Record<string, string>, token?: string): Promise<GraphQLResponse<unknown>> {
  const response = await fetch(`${url}/graphql?${new URLSearchParams(params)}`, {
    // Apollo's CSRF prevention wants a header a browser form cannot send; Apollo Client sends this one for GETs.
    headers: { "apollo-require-preflight": "true", accept: "application/graphql-response+json", ...(token && { authorization: `Bearer ${token}` }) },
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

/** A subscription over SSE that is refused before its stream opens: the HTTP status and the codes of its JSON answer. */
async function refusedStream(url: string, body: Record<string, unknown>, token: string): Promise<{ status: number; codes: unknown[] }> {
  const response = await fetch(`${url}/graphql/stream`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, codes: errorCodes({ status: response.status, headers: response.headers, ...((await response.json()) as object) }) };
}

describe("trusted documents", () => {
  let database: TestDatabase;
  let open: TestServer;
  let only: TestServer;
  /** The typed client as a frontend built with codegen uses it: ids, never text. */
  let byId: GraphQLClient;

  before(async () => {
    database = await createTestDatabase();
    open = await startTestServer(database, { TRUSTED_DOCUMENTS: manifestPath, CATALOG_CACHE_MAX_AGE_SECONDS: "60" });
    only = await startTestServer(database, { TRUSTED_DOCUMENTS: manifestPath, TRUSTED_DOCUMENTS_ONLY: "true", QUERY_DEPTH_MAX: "5" });
    byId = new GraphQLClient(only.url, undefined, "documentId");
  });
  after(async () => {
    await open?.stop();
    await only?.stop();
    await database?.drop();
  });

  it("runs the typed client's documents by documentId on a TRUSTED_DOCUMENTS_ONLY server", async () => {
    const user = await signUpUser(byId);
    const item = await createItem(user);
    const { items } = await byId.data(TrustedCatalog, { first: 100 });
    assert.ok(items.nodes.some((node) => node.sku === item.sku));
    const { me } = await user.client.data(TrustedMe);
    assert.deepEqual(me, { id: user.id, email: user.email });
  });

  it("answers a documentId over POST in both modes, and an unknown one with PERSISTED_QUERY_NOT_FOUND", async () => {
    for (const server of [open, only]) {
      const found = await server.client.post(JSON.stringify({ documentId: idOf(TrustedCatalog), variables: { first: 1 } }));
      assert.deepEqual(errorCodes(found), []);
      assert.ok(Array.isArray((found.data as { items: { nodes: unknown[] } }).items.nodes));
      assert.deepEqual(errorCodes(await server.client.post(JSON.stringify({ documentId: unknownId }))), ["PERSISTED_QUERY_NOT_FOUND"]);
      const malformed = await server.client.post(JSON.stringify({ documentId: "md5:abc" }));
      assert.equal(malformed.status, 400);
      assert.deepEqual(errorCodes(malformed), ["BAD_USER_INPUT"]);
    }
  });

  it("finds a manifest document by Apollo's persistedQuery hash with no registration, in both modes", async () => {
    const hash = idOf(TrustedCatalog).slice("sha256:".length);
    for (const server of [open, only]) {
      const response = await server.client.post(JSON.stringify({ variables: { first: 1 }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }));
      assert.deepEqual(errorCodes(response), []);
      assert.deepEqual(errorCodes(await server.client.post(apq(hashOf("query Unregistered { me { id } }")))), ["PERSISTED_QUERY_NOT_FOUND"]);
    }
  });

  it("refuses free-form text and APQ registrations under TRUSTED_DOCUMENTS_ONLY with HTTP 400, and runs them otherwise", async () => {
    for (const body of [JSON.stringify({ query: freeForm }), apq(hashOf(freeForm), freeForm)]) {
      const refused = await only.client.post(body);
      assert.equal(refused.status, 400);
      assert.deepEqual(errorCodes(refused), ["TRUSTED_DOCUMENT_REQUIRED"]);
      assert.deepEqual(errorCodes(await open.client.post(body)), []);
    }
    const refusedGet = await get(only.url, { query: freeForm });
    assert.equal(refusedGet.status, 400);
    assert.deepEqual(errorCodes(refusedGet), ["TRUSTED_DOCUMENT_REQUIRED"]);
    // Refused before parsing: text that is not GraphQL at all gets the same code, not GRAPHQL_PARSE_FAILED.
    const unparsable = await only.client.post(JSON.stringify({ query: "{ items(first: " }));
    assert.equal(unparsable.status, 400);
    assert.deepEqual(errorCodes(unparsable), ["TRUSTED_DOCUMENT_REQUIRED"]);
    // No exception for admins (README, "Trusted documents").
    const admin = await signUpAdmin(byId, database);
    const refusedAdmin = await only.client.as(admin.token).post(JSON.stringify({ query: freeForm }));
    assert.equal(refusedAdmin.status, 400);
    assert.deepEqual(errorCodes(refusedAdmin), ["TRUSTED_DOCUMENT_REQUIRED"]);
  });

  it("runs a manifest document's exact text under TRUSTED_DOCUMENTS_ONLY", async () => {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, string>;
    const response = await only.client.post(JSON.stringify({ query: manifest[idOf(TrustedCatalog)], variables: { first: 1 } }));
    assert.deepEqual(errorCodes(response), []);
    // The same operation printed another way is other text: refused.
    assert.deepEqual(errorCodes(await only.client.request(TrustedCatalog, { first: 1 })), ["TRUSTED_DOCUMENT_REQUIRED"]);
  });

  it("answers GET by documentId in both modes, refuses a mutation over GET with 405, and caches only public catalog reads", async () => {
    const user = await signUpUser(open.client);
    const catalog = await get(open.url, { documentId: idOf(TrustedCatalog), variables: JSON.stringify({ first: 1 }) });
    assert.deepEqual(errorCodes(catalog), []);
    assert.equal(catalog.headers.get("cache-control"), "public, max-age=60");
    const me = await get(open.url, { documentId: idOf(TrustedMe) }, user.token);
    assert.deepEqual(me.data, { me: { id: user.id, email: user.email } });
    assert.equal(me.headers.get("cache-control"), "private, no-store");
    // A public field under a viewer-specific one (User.email under users) makes the whole response private.
    const withEmail = await get(open.url, { query: "query { users(first: 1) { nodes { email } } }" }, user.token);
    assert.equal(withEmail.headers.get("cache-control"), "private, no-store");
    // Free-form text is never cached publicly, even when it reads public fields only.
    assert.equal((await get(open.url, { query: freeForm })).headers.get("cache-control"), null);
    const onlyCatalog = await get(only.url, { documentId: idOf(TrustedCatalog), variables: JSON.stringify({ first: 1 }) });
    assert.deepEqual(errorCodes(onlyCatalog), []);
    // CATALOG_CACHE_MAX_AGE_SECONDS unset (0): no public caching.
    assert.equal(onlyCatalog.headers.get("cache-control"), null);
    for (const server of [open, only]) {
      const mutation = await get(server.url, { documentId: idOf(TrustedRename), variables: JSON.stringify({ input: { name: "renamed over GET" } }) }, user.token);
      assert.equal(mutation.status, 405);
      assert.deepEqual(errorCodes(await get(server.url, { documentId: unknownId })), ["PERSISTED_QUERY_NOT_FOUND"]);
    }
    // The 405s renamed no one.
    const named = await open.client.as(user.token).data(TrustedMyName);
    assert.notEqual(named.me?.name, "renamed over GET");
  });

  it("keeps the depth and cost limits for trusted documents, on every request for them", async () => {
    const response = await byId.request(TrustedNested, { first: 1 });
    assert.deepEqual(errorCodes(response), ["QUERY_TOO_COMPLEX"]);
    // Twice: the second request finds the document and its cost remembered from the first, and is refused as well.
    for (let sent = 0; sent < 2; sent++) {
      const overBudget = await open.client.post(JSON.stringify({ documentId: idOf(TrustedOverBudget) }));
      assert.deepEqual(errorCodes(overBudget), ["QUERY_TOO_COMPLEX"]);
      const cost = overBudget.errors?.[0]?.extensions?.cost as { requested: number; limit: number };
      assert.ok(cost.requested > cost.limit, JSON.stringify(cost));
    }
  });

  it("takes documentIds in WebSocket subscribe payloads in both modes, and refuses free-form or unknown ones under TRUSTED_DOCUMENTS_ONLY", async () => {
    const user = await signUpUser(byId);
    const { jobs } = await user.client.data(TrustedLatestJob);
    const jobId = jobs.nodes[0]!.id;
    const codesOf = (ending: Ending) => (ending.completed ? [] : (ending.error as Array<{ extensions?: { code?: string } }>).map((error) => error.extensions?.code));
    const unknownDocument = Object.assign({ ...TrustedFollowJob }, { __meta__: { hash: unknownId } });
    for (const server of [open, only]) {
      const client = wsClient(server.url, user.token);
      try {
        const byDocumentId = subscribe(client, TrustedFollowJob, { id: jobId }, "documentId");
        assert.equal((await byDocumentId.waitFor(() => true)).data?.jobUpdated.id, jobId);
        byDocumentId.unsubscribe();
        assert.deepEqual(codesOf(await subscribe(client, unknownDocument, { id: jobId }, "documentId").ended), ["PERSISTED_QUERY_NOT_FOUND"]);
      } finally {
        await client.dispose();
      }
    }
    const openClient = wsClient(open.url, user.token);
    try {
      const text = subscribe(openClient, TrustedFollowJob, { id: jobId });
      assert.equal((await text.waitFor(() => true)).data?.jobUpdated.id, jobId);
      text.unsubscribe();
    } finally {
      await openClient.dispose();
    }
    const client = wsClient(only.url, user.token);
    try {
      const text = await subscribe(client, TrustedFollowJob, { id: jobId }).ended;
      assert.equal(text.completed, false);
      assert.deepEqual(codesOf(text), ["TRUSTED_DOCUMENT_REQUIRED"]);
    } finally {
      await client.dispose();
    }
  });

  it("takes documentIds and the persistedQuery form in SSE subscribe requests in both modes, and refuses free-form text under TRUSTED_DOCUMENTS_ONLY", async () => {
    const user = await signUpUser(byId);
    const { jobs } = await user.client.data(TrustedLatestJob);
    const jobId = jobs.nodes[0]!.id;
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: idOf(TrustedFollowJob).slice("sha256:".length) } } };
    const byDocumentId = { documentId: idOf(TrustedFollowJob) };
    for (const server of [open, only]) {
      for (const form of [persisted, byDocumentId]) {
        const stream = await subscribeOverSse<{ jobUpdated: { id: string } }>(server.url, "", { id: jobId }, user.token, form);
        await stream.received(1);
        assert.equal(stream.results[0]?.data?.jobUpdated.id, jobId, JSON.stringify(form));
      }
      assert.deepEqual(await refusedStream(server.url, { query: "", documentId: unknownId, variables: { id: jobId } }, user.token), { status: 400, codes: ["PERSISTED_QUERY_NOT_FOUND"] });
    }
    const text = await subscribeOverSse<{ jobUpdated: { id: string } }>(open.url, print(TrustedFollowJob), { id: jobId }, user.token);
    await text.received(1);
    assert.equal(text.results[0]?.data?.jobUpdated.id, jobId);
    assert.deepEqual(await refusedStream(only.url, { query: print(TrustedFollowJob), variables: { id: jobId } }, user.token), { status: 400, codes: ["TRUSTED_DOCUMENT_REQUIRED"] });
  });
});

describe("trusted documents in a running server", () => {
  let database: TestDatabase;
  let folder: string;
  let server: ServerProcess | undefined;
  const first = "query ReloadFirst { items(first: 1) { nodes { id } } }";
  const second = "query ReloadSecond { users(first: 1) { nodes { id } } }";
  const manifestOf = (...texts: string[]) => JSON.stringify(Object.fromEntries(texts.map((text) => [`sha256:${hashOf(text)}`, text])));

  before(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(path.join(tmpdir(), "skein-trusted-"));
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("stops the start with one line naming the hash of a document that does not validate", async () => {
    const broken = "query Broken { noSuchField }";
    writeFileSync(path.join(folder, "broken.json"), manifestOf(first, broken));
    const env = { TRUSTED_DOCUMENTS: folder };
    await assert.rejects(spawnServer(database.url, { env }), (error: Error) => {
      assert.match(error.message, new RegExp(`config: TRUSTED_DOCUMENTS: sha256:${hashOf(broken)}: Cannot query field "noSuchField"`));
      return true;
    });
    rmSync(path.join(folder, "broken.json"));
  });

  it("reloads the manifests on SIGHUP in every API process of --workers 2, and keeps them when the new ones do not load", async () => {
    const manifest = path.join(folder, "app.json");
    writeFileSync(manifest, manifestOf(first));
    server = await spawnServer(database.url, { args: ["--workers", "2"], readyLines: 2, env: { TRUSTED_DOCUMENTS: manifest, TRUSTED_DOCUMENTS_ONLY: "true" } });
    const bySecond = () => server!.client.post(JSON.stringify({ documentId: `sha256:${hashOf(second)}` }));
    assert.deepEqual(errorCodes(await bySecond()), ["PERSISTED_QUERY_NOT_FOUND"]);
    writeFileSync(manifest, manifestOf(first, second));
    server.signal("SIGHUP");
    const reloaded = await server.waitForLogs((line) => line.msg === "trusted documents reloaded", 2);
    assert.equal(new Set(reloaded.map((line) => line.pid)).size, 2);
    assert.deepEqual(errorCodes(await bySecond()), []);
    // A manifest that does not load on SIGHUP is logged by each process, and the documents in use stay.
    writeFileSync(manifest, "{ not json");
    server.signal("SIGHUP");
    const refused = await server.waitForLogs((line) => line.msg === "trusted documents not reloaded; the previous ones stay", 2);
    assert.equal(new Set(refused.map((line) => line.pid)).size, 2);
    for (let sent = 0; sent < 2; sent++) assert.deepEqual(errorCodes(await bySecond()), []);
  });
});

describe("trusted documents' manifests", () => {
  it("loads every manifest TRUSTED_DOCUMENTS names: comma-separated files and the *.json of directories", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "skein-manifests-"));
    try {
      const texts = ["query One { hello }", "query Two { hello }", "query Three { hello }"];
      const manifestOf = (text: string) => JSON.stringify({ [`sha256:${hashOf(text)}`]: text });
      mkdirSync(path.join(folder, "releases"));
      writeFileSync(path.join(folder, "app.json"), manifestOf(texts[0]!));
      writeFileSync(path.join(folder, "releases", "1.json"), manifestOf(texts[1]!));
      writeFileSync(path.join(folder, "releases", "2.json"), manifestOf(texts[2]!));
      writeFileSync(path.join(folder, "releases", "notes.txt"), "not a manifest");
      const config = loadConfig({ JWT_SECRET: testJwtSecret, TRUSTED_DOCUMENTS: `${path.join(folder, "app.json")},${path.join(folder, "releases")}` }, features);
      const manifest = loadManifest(config.trustedDocuments.manifestPaths, { schema: buildSchema("type Query { hello: String }"), rules: specifiedRules, maxTokens: undefined });
      assert.deepEqual([...manifest.keys()].sort(), texts.map(hashOf).sort());
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("trusted documents inside Apollo", () => {
  it("runs a manifest document from the object parsed at load: Apollo neither parses it again nor needs a registration", async () => {
    const typeDefs = "type Query { hello: String }";
    const text = "query Hello { hello }";
    const hash = hashOf(text);
    const document = parse(text);
    const trusted = new TrustedDocuments(new Map([[hash, { hash, text, document }]]), true);
    let parsed = 0;
    let ran: DocumentNode | undefined;
    const apollo = new ApolloServer({
      typeDefs,
      resolvers: { Query: { hello: () => "hi" } },
      documentStore: trustedFirstDocumentStore(trusted),
      persistedQueries: { cache: trustedFirstQueries(trusted, new InMemoryLRUCache()) },
      plugins: [{ requestDidStart: async () => ({ parsingDidStart: async () => void (parsed += 1), didResolveOperation: async (request) => void (ran = request.document) }) }],
    });
    await apollo.start();
    try {
      const response = await apollo.executeOperation({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
      assert.equal(response.body.kind, "single");
      assert.deepEqual(response.body.kind === "single" ? { ...response.body.singleResult.data } : undefined, { hello: "hi" });
      assert.equal(parsed, 0);
      assert.equal(ran, document);
    } finally {
      await apollo.stop();
    }
  });
});
