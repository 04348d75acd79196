import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ServerResponse } from "node:http";
import { QueryTooComplexError } from "../src/errors";
import { sendContractError } from "../src/transports/http/error-response";
import { errorCodes } from "./support/client";
import { type TestDatabase } from "./support/database";
import { unique } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { captureLogs } from "./support/logs";
import { samplesOf, scrape } from "./support/prometheus";
import { deleteKeys, sharedRedisEnv } from "./support/redis";
import { type TestServer, startTestServer } from "./support/server";

const users = "query ErrorCodesUsers { users(first: 10) { nodes { name } } }";

/** The code each resolver error was counted under, with its count. */
async function resolverErrorCounts(url: string): Promise<Record<string, number>> {
  const samples = samplesOf(await scrape(url), "skein_graphql_resolver_errors_total");
  return Object.fromEntries(samples.filter((sample) => sample.value > 0).map((sample) => [sample.labels.code, sample.value]));
}

describe("the code a client gets is the one metrics and logs report", () => {
  const redis = sharedRedisEnv();
  const { stream: logTo, lines: logLines } = captureLogs();
  const operationLine = (requestId: string) => logLines.find((line) => line.requestId === requestId && line.msg === "graphql operation");
  let server: TestServer;

  before(async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/skein`;
    // With Redis the queues do not live in the primary, so the API starts without it.
    server = await startTestServer({ url: nowhere } as TestDatabase, { DB_CONNECT_TIMEOUT_MS: "1000", ...redis }, { logTo });
  });
  after(async () => {
    await server?.stop();
    await deleteKeys(redis);
  });

  it("is SERVICE_UNAVAILABLE in the response, the resolver-error metric and the log while the primary cannot be reached", async () => {
    const requestId = `codes-${unique()}`;
    const response = await server.client.request(users, undefined, { "x-request-id": requestId });
    assert.deepEqual(errorCodes(response), ["SERVICE_UNAVAILABLE"]);
    assert.deepEqual(await resolverErrorCounts(server.url), { SERVICE_UNAVAILABLE: 1 });
    assert.deepEqual(operationLine(requestId)?.errorCodes, ["SERVICE_UNAVAILABLE"]);
    const failures = logLines.filter((line) => line.requestId === requestId && line.msg === "resolver failed");
    assert.deepEqual(failures.map((line) => line.code), ["SERVICE_UNAVAILABLE"], "an outage is ours, so it is logged in full");
  });

  it("is BAD_USER_INPUT in the response and the log for a parse error, which no resolver ever saw", async () => {
    const before = await resolverErrorCounts(server.url);
    const requestId = `codes-${unique()}`;
    const response = await server.client.request("query { users(first: 1) {", undefined, { "x-request-id": requestId });
    assert.deepEqual(errorCodes(response), ["BAD_USER_INPUT"]);
    assert.equal(response.errors?.[0].extensions?.reason, "GRAPHQL_PARSE_FAILED");
    assert.deepEqual(operationLine(requestId)?.errorCodes, ["BAD_USER_INPUT"]);
    assert.deepEqual(await resolverErrorCounts(server.url), before, "counted under no code at all");
  });
});

describe("an HTTP refusal built from the error catalog", () => {
  it("sends the error's code and extensions, with the catalog's status for the code", () => {
    const headers = new Map<string, unknown>();
    let text = "";
    const res = {
      statusCode: 200,
      setHeader: (name: string, value: unknown) => headers.set(name, value),
      end: (body: string) => (text = body),
    } as unknown as ServerResponse;
    sendContractError(res, new QueryTooComplexError("Too costly.", { requested: 9, limit: 5 }));
    assert.equal(res.statusCode, 400);
    assert.equal(headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(headers.get("content-length"), Buffer.byteLength(text));
    assert.deepEqual(JSON.parse(text), {
      errors: [{ message: "Too costly.", extensions: { code: "QUERY_TOO_COMPLEX", cost: { requested: 9, limit: 5 } } }],
    });
  });
});
