import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { once } from "node:events";
import { Writable } from "node:stream";
import { createLogger } from "../src/infra/logger";
import { GraphQLClient } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser, unique } from "./support/fixtures";
import { type LogLine } from "./support/logs";
import { type ServerProcess, spawnServer, spawnedServerPerSuite } from "./support/server-process";

const logIn = "mutation OpsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }";
const me = "query OpsMe { me { id } }";

describe("request logs (a server process's JSON stdout)", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let client: GraphQLClient;
  let user: TestUser;

  before(async () => {
    database = await createTestDatabase();
    // debug: the most a server ever writes, so the most that could leak.
    server = await spawnServer(database.url, { env: { LOG_LEVEL: "debug" } });
    client = new GraphQLClient(server.url);
    user = await signUpUser(client);
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
  });

  const linesOf = async (requestId: string, count: number): Promise<LogLine[]> =>
    server.waitForLogs((line) => line.requestId === requestId, count, 5_000);

  it("puts the request id on each line of a request, with the operation, its outcome and durations", async () => {
    const ids = [`ops-${unique()}`, `ops-${unique()}`];
    const responses = await Promise.all(
      ids.map((id) => client.request(logIn, { email: user.email, password: "wrong password" }, { "x-request-id": id })),
    );
    assert.deepEqual(responses.map((response) => response.headers.get("x-request-id")), ids);
    for (const id of ids) {
      const lines = await linesOf(id, 2);
      const operation = lines.find((line) => line.msg === "graphql operation");
      const http = lines.find((line) => line.msg === "http request");
      assert.deepEqual(
        { name: operation?.operationName, type: operation?.operationType, outcome: operation?.outcome, codes: operation?.errorCodes },
        { name: "OpsLogIn", type: "mutation", outcome: "error", codes: ["UNAUTHENTICATED"] },
      );
      assert.equal(typeof operation?.durationMs, "number");
      assert.deepEqual({ path: http?.path, status: http?.status, method: http?.method }, { path: "/graphql", status: 401, method: "POST" });
      assert.equal(typeof http?.durationMs, "number");
    }
  });

  it("replaces a request id that does not look like one, and says which it used", async () => {
    const response = await client.request(me, undefined, { "x-request-id": "no spaces allowed; <script>" });
    const id = response.headers.get("x-request-id") ?? "";
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal((await linesOf(id, 2)).length, 2);
  });

  it("adds the user id when the request carries a token", async () => {
    const response = await user.client.request(me, undefined, { "x-request-id": `ops-${unique()}` });
    const [operation] = (await linesOf(response.headers.get("x-request-id") ?? "", 2)).filter((line) => line.msg === "graphql operation");
    assert.equal(String(operation.userId), user.id);
  });

  it("never writes a password or a token, whatever the outcome", async () => {
    const { data } = await client.request<{ logIn: { token: string } }, unknown>(logIn, { email: user.email, password: user.password });
    const token = data?.logIn.token ?? "";
    assert.ok(token.length > 20);
    await client.as(token).request(me);
    await client.request(logIn, { email: user.email, password: `${user.password}-typo` });
    await client.as(`${token}x`).request(me);
    await server.waitForLogs((line) => line.msg === "http request", 8, 5_000);
    const output = server.output();
    for (const secret of [user.password, `${user.password}-typo`, token, user.token]) {
      assert.equal(output.includes(secret), false, `the logs contain ${secret}`);
    }
  });
});

describe("request lines at shutdown (stdout is written asynchronously)", () => {
  const suite = spawnedServerPerSuite();

  it("loses no line when SIGTERM comes right after a burst of requests", async () => {
    const burst = `burst-${unique()}`;
    const ids = Array.from({ length: 300 }, (_, n) => `${burst}-${n}`);
    const client = new GraphQLClient(suite.server.url);
    const responses = await Promise.all(ids.map((id) => client.request(me, undefined, { "x-request-id": id })));
    assert.ok(responses.every((response) => response.status === 200));
    const exit = await suite.server.stop("SIGTERM");
    assert.equal(exit.code, 0);
    if (!suite.server.child.stdout!.closed) await once(suite.server.child.stdout!, "close");
    const ofBurst = suite.server.logs.filter((line) => line.requestId?.startsWith(`${burst}-`));
    assert.equal(ofBurst.filter((line) => line.msg === "graphql operation").length, ids.length);
    assert.equal(ofBurst.filter((line) => line.msg === "http request").length, ids.length);
    // The last line the process writes, after the logs were flushed and just before it exits.
    assert.equal(suite.server.logs.at(-1)?.step, "logs");
  });
});

describe("the logger's redaction", () => {
  it("censors secrets at any depth a log call puts them", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const logger = createLogger({ level: "info", pretty: false }, sink);
    logger.info({ password: "pw-top", variables: { input: { password: "pw-nested", newPassword: "pw-new" } } }, "input");
    logger.info({ req: { headers: { authorization: "Bearer tok-header", cookie: "sid=cookie-1" } } }, "headers");
    logger.info({ token: "tok-top", payload: { accessToken: "tok-access", refreshToken: "tok-refresh" } }, "tokens");
    logger.info({ config: { auth: { jwtSecret: "secret-jwt" }, db: { primaryUrl: "postgres://u:pw-url@h/db" }, redisUrl: "redis://:pw-redis@h" } }, "config");
    logger.info({ user: { passwordHash: "$argon2id$hash", name: "Ann" } }, "row");
    const output = lines.join("");
    for (const secret of ["pw-", "tok-", "cookie-1", "secret-jwt", "argon2id"]) {
      assert.equal(output.includes(secret), false, `${secret} leaked: ${output}`);
    }
    assert.ok(output.includes('"name":"Ann"'), "what is not secret stays");
    assert.equal(output.match(/\[redacted\]/g)?.length, 12);
  });
});

describe("logs in development", () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await server?.kill();
    await database?.drop();
  });

  it("are JSON lines, not pretty ones, when stdout is not a terminal (a pipe, a log collector)", async () => {
    // spawnServer only sees a line it can parse as JSON, so starting at all is the check.
    server = await spawnServer(database.url, { env: { NODE_ENV: "development" } });
    assert.ok(server.logs.some((line) => line.msg === "Skein is serving"));
    assert.doesNotMatch(server.output(), /^\[\d{2}:\d{2}/m, "no pino-pretty timestamps");
  });
});
