import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { freePort } from "./support/free-port";
import { type MetricFamily, parsePrometheusText, samplesOf, scrape, sumOf } from "./support/prometheus";
import { type TestServer, startTestServer } from "./support/server";

const catalog = "query OpsCatalog { items(first: 5) { nodes { id owner { name } } } }";
const logIn = "mutation OpsLogIn($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }";

describe("/metrics", () => {
  let database: TestDatabase;
  let server: TestServer;
  let user: TestUser;
  let families: Map<string, MetricFamily>;

  before(async () => {
    database = await createTestDatabase();
    // The replica pool points at the primary's database: what matters is that it is reported on its own.
    server = await startTestServer(database, { DATABASE_REPLICA_URLS: database.url });
    user = await signUpUser(server.client);
    for (let i = 0; i < 3; i += 1) assert.equal((await server.client.request(catalog)).errors, undefined);
    await server.client.request(logIn, { email: user.email, password: "not the password" });
    await server.client.request("query { items(first: 1) { nodes { nope } } }");
    families = await scrape(server.url);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("counts GraphQL operations by name, type and outcome, with a latency histogram", () => {
    assert.equal(sumOf(families, "skein_graphql_operations_total", { operation: "OpsCatalog", type: "query", outcome: "success" }), 3);
    assert.equal(sumOf(families, "skein_graphql_operations_total", { operation: "SignUp", type: "mutation", outcome: "success" }), 1);
    assert.equal(sumOf(families, "skein_graphql_operations_total", { operation: "OpsLogIn", type: "mutation", outcome: "error" }), 1);
    assert.equal(sumOf(families, "skein_graphql_operations_total", { type: "unknown", outcome: "rejected" }), 1);
    const labels = { operation: "OpsCatalog", type: "query", outcome: "success" };
    assert.equal(families.get("skein_graphql_operation_duration_seconds")?.type, "histogram");
    assert.equal(sumOf(families, "skein_graphql_operation_duration_seconds", labels, "skein_graphql_operation_duration_seconds_count"), 3);
    const seconds = sumOf(families, "skein_graphql_operation_duration_seconds", labels, "skein_graphql_operation_duration_seconds_sum");
    assert.ok(seconds > 0 && seconds < 30, `3 catalog queries took ${seconds} s`);
    const infBucket = samplesOf(families, "skein_graphql_operation_duration_seconds", { ...labels, le: "+Inf" }, "skein_graphql_operation_duration_seconds_bucket");
    assert.equal(infBucket[0]?.value, 3);
  });

  it("counts resolver errors by contract code", () => {
    assert.equal(sumOf(families, "skein_graphql_resolver_errors_total", { code: "UNAUTHENTICATED" }), 1);
  });

  it("counts HTTP requests by route and status, and times them", () => {
    assert.equal(sumOf(families, "skein_http_requests_total", { method: "POST", route: "/graphql" }), 6);
    assert.equal(sumOf(families, "skein_http_requests_total", { route: "/graphql", status: "200" }), 4, "signUp and 3 catalogs");
    assert.equal(sumOf(families, "skein_http_requests_total", { route: "/graphql", status: "401" }), 1, "the failed logIn");
    assert.equal(sumOf(families, "skein_http_requests_total", { route: "/graphql", status: "400" }), 1, "the invalid query");
    assert.equal(sumOf(families, "skein_http_request_duration_seconds", { route: "/graphql" }, "skein_http_request_duration_seconds_count"), 6);
    assert.equal(families.get("skein_http_requests_in_flight")?.type, "gauge");
  });

  it("labels a feature's route by the pattern the feature declares, and any other path as other", async () => {
    const statuses = {
      "/reports/:id": (await fetch(`${server.url}/reports/12345?expires=1&signature=forged`)).status,
      "/admin/queues": (await fetch(`${server.url}/admin/queues/api/queues`)).status,
      other: (await fetch(`${server.url}/no/such/route`)).status,
    };
    const now = await scrape(server.url);
    for (const [route, status] of Object.entries(statuses)) {
      assert.equal(sumOf(now, "skein_http_requests_total", { method: "GET", route, status: String(status) }), 1, route);
    }
  });

  it("reports SQL statements and clients per pool", () => {
    assert.ok(sumOf(families, "skein_db_statements_total", { pool: "primary" }) >= 2, "signUp and logIn write and read the primary");
    assert.ok(sumOf(families, "skein_db_statements_total", { pool: "replica" }) >= 3, "catalog queries read the replica");
    for (const pool of ["primary", "replica"]) {
      const total = sumOf(families, "skein_db_pool_clients", { pool, state: "total" });
      const idle = sumOf(families, "skein_db_pool_clients", { pool, state: "idle" });
      assert.ok(total >= 1 && total <= 10, `${pool}: ${total} clients`);
      assert.ok(idle <= total, `${pool}: ${idle} idle of ${total}`);
      assert.equal(samplesOf(families, "skein_db_pool_clients", { pool, state: "waiting" }).length, 1);
    }
  });

  it("defines the WebSocket gauges, at zero while nobody is connected", () => {
    assert.deepEqual(samplesOf(families, "skein_ws_connections").map((sample) => sample.value), [0]);
    assert.deepEqual(samplesOf(families, "skein_graphql_subscriptions_active").map((sample) => sample.value), [0]);
  });

  it("includes Node's process metrics, event-loop lag included", () => {
    assert.ok(sumOf(families, "process_cpu_user_seconds_total") > 0);
    assert.ok(sumOf(families, "process_resident_memory_bytes") > 1_000_000);
    const lag = sumOf(families, "nodejs_eventloop_lag_seconds");
    assert.ok(lag >= 0 && lag < 5, `event-loop lag ${lag} s`);
    assert.equal(families.get("nodejs_eventloop_lag_p99_seconds")?.type, "gauge");
  });

  it("rejects text that is not valid exposition format (the parser the other tests rely on)", () => {
    assert.throws(() => parsePrometheusText("skein_x 1\n"), /before its family/);
    assert.throws(() => parsePrometheusText("# HELP a x\n# TYPE a counter\nb 1\n"), /does not belong/);
    assert.throws(() => parsePrometheusText("# HELP a x\n# TYPE a counter\na{x=1} 1\n"), /bad labels/);
  });
});

describe("METRICS_PORT", () => {
  let database: TestDatabase;
  let server: TestServer;
  let metricsPort: number;

  before(async () => {
    database = await createTestDatabase();
    metricsPort = await freePort();
    server = await startTestServer(database, { METRICS_PORT: String(metricsPort) });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("serves /metrics on its own port and not on the API's", async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
    const families = await scrape(`http://127.0.0.1:${metricsPort}`);
    assert.ok(families.has("skein_http_requests_total"));
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status, 404);
  });

  it("closes that port on stop", async () => {
    await server.stop();
    await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`));
  });
});
