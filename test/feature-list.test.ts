import "reflect-metadata";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import pino from "pino";
import { createApp } from "../src/app";
import { ConfigError, loadConfig } from "../src/config";
import { features } from "../src/features";
import { type FeatureModule, checkFeatureList, collectFeatures } from "../src/modules/feature-module";
import { InvalidJobError } from "../src/modules/jobs/job.handlers";
import { JobKindRegistry, jobKindEnum } from "../src/modules/jobs/job.registry";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { signUpUser } from "./support/fixtures";
import { type TestServer, startTestServer, testJwtSecret } from "./support/server";

const without = (...names: string[]): FeatureModule[] => features.filter((feature) => !names.includes(feature.name));

/** The problems a ConfigError lists, or a failure when `run` does not throw one. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  return assert.fail("expected a ConfigError");
}

describe("the boot check of the feature list", () => {
  it("passes the shipped list", () => {
    checkFeatureList(features);
  });

  it("names each feature whose required service no feature in the list provides", () => {
    assert.deepEqual(problemsOf(() => checkFeatureList(without("jobs"))), [
      'features: the email feature requires the service "jobs", which no feature in the list (src/features.ts) provides',
      'features: the reports feature requires the service "jobs", which no feature in the list (src/features.ts) provides',
    ]);
  });

  it("names what the core requires when no feature provides it", () => {
    const problems = problemsOf(() => checkFeatureList(without("users")));
    assert.deepEqual(problems, ['features: the core requires the service "roleOfUser", which no feature in the list (src/features.ts) provides']);
  });

  it("refuses two features that provide the same service", () => {
    const twin: FeatureModule = { name: "other-users", provides: ["roleOfUser"] };
    assert.deepEqual(problemsOf(() => checkFeatureList([...features, twin])), [
      'features: the service "roleOfUser" is provided by users and other-users; one feature must provide it',
    ]);
  });

  it("stops createApp before it opens a pool or starts a job", async () => {
    const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: testJwtSecret, DATABASE_URL: "postgres://127.0.0.1:1/none" }, features);
    const logger = pino({ level: "silent" });
    await assert.rejects(createApp({ config, logger, databaseUrl: "postgres://127.0.0.1:1/none", features: without("jobs") }), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 2);
      return true;
    });
  });
});

describe("the features' config sections", () => {
  const env = { NODE_ENV: "test" as const };

  it("keeps the variables, defaults and units the README lists, under each feature's name", () => {
    const config = loadConfig(env, features);
    assert.equal(config.jobs.maxAttempts, 3);
    assert.equal(config.jobs.workerInApi, true, "on without REDIS_URL");
    assert.equal(config.email.from, "Skein <no-reply@skein.local>");
    assert.equal(config.reports.retentionSeconds, 7 * 24 * 3600);
    assert.equal(config.users.profileCacheTtlSeconds, 60);
    assert.equal(config.orders.idempotencyKeyTtlSeconds, 24 * 3600);
    assert.equal(loadConfig({ ...env, REDIS_URL: "redis://127.0.0.1:6379" }, features).jobs.workerInApi, false, "off with REDIS_URL");
  });

  it("composes the per-field rate limits from the features, sized by RATE_LIMIT_<NAME>_*", () => {
    const { fields } = loadConfig({ ...env, RATE_LIMIT_SEND_WELCOME_EMAIL_MAX: "7" }, features).limits;
    assert.deepEqual(Object.keys(fields).sort(), ["generateReport", "logIn", "placeOrder", "sendWelcomeEmail", "signUp"]);
    assert.deepEqual(fields.logIn, { max: 5, windowSeconds: 60, identityArgs: ["email"] });
    assert.deepEqual(fields.sendWelcomeEmail, { max: 7, windowSeconds: 3_600, identityArgs: [] });
  });

  it("reads only the sections of the features in the list", () => {
    const config = loadConfig({ ...env, REPORT_SIGNING_SECRET: "short" }, without("reports"));
    assert.equal((config as Record<string, unknown>).reports, undefined);
    assert.equal(Object.hasOwn(config.limits.fields, "generateReport"), false);
  });

  it("lists a bad value of a feature's variable with the core's problems, one line each", () => {
    const problems = problemsOf(() => loadConfig({ ...env, PORT: "x", JOB_MAX_ATTEMPTS: "0", RATE_LIMIT_LOG_IN_WINDOW_SECONDS: "soon" }, features));
    // The core's first, then each feature's in the list's order (users before jobs).
    assert.deepEqual(problems.map((problem) => problem.split(":")[0]), ["PORT", "RATE_LIMIT_LOG_IN_WINDOW_SECONDS", "JOB_MAX_ATTEMPTS"]);
  });

  it("refuses a variable two places declare", () => {
    const clash: FeatureModule = { name: "clash", config: { fieldLimits: { logIn: { max: 1, windowSeconds: 1 } } } };
    assert.throws(() => loadConfig(env, [...features, clash]), /RATE_LIMIT_LOG_IN_MAX is declared twice/);
  });
});

describe("job kinds from the features' folders", () => {
  it("are the kinds the features of the list declare, in its order", () => {
    assert.deepEqual(new JobKindRegistry(features).kinds, ["WELCOME_EMAIL", "REPORT"]);
    assert.deepEqual(new JobKindRegistry(without("email")).kinds, ["REPORT"]);
  });

  it("make the GraphQL enum JobKind of the list the schema is composed from", () => {
    collectFeatures(without("reports"));
    assert.deepEqual(Object.keys(jobKindEnum), ["WELCOME_EMAIL"]);
    collectFeatures(features);
    assert.deepEqual(Object.keys(jobKindEnum), ["WELCOME_EMAIL", "REPORT"]);
  });

  it("validate a payload against its kind's declaration", () => {
    const kinds = new JobKindRegistry(features);
    assert.deepEqual(kinds.parsePayload("REPORT", { reportKind: "SALES_CSV" }), { reportKind: "SALES_CSV" });
    assert.throws(() => kinds.parsePayload("REPORT", { reportKind: "NOPE" }), InvalidJobError);
    assert.throws(() => kinds.parsePayload("WELCOME_EMAIL" as never, {}), /payload is not valid: userId/);
    assert.throws(() => new JobKindRegistry(without("reports")).parsePayload("REPORT", { reportKind: "SALES_CSV" }), /No feature declares the job kind REPORT/);
  });

  it("refuses a kind two features declare", () => {
    const twin: FeatureModule = { name: "twin", jobKinds: { REPORT: features.find((feature) => feature.name === "reports")!.jobKinds!.REPORT! } };
    assert.throws(() => new JobKindRegistry([...features, twin]), /job kind REPORT is declared twice \(again by the twin feature\)/);
  });
});

describe("a job row the registry does not accept, in a running server", () => {
  let database: TestDatabase;
  let server: TestServer;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { JOB_DISPATCH_POLL_MS: "100" });
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  async function finalRow(id: number): Promise<{ state: string; attempts: number; error: string }> {
    for (;;) {
      const [row] = await database.query<{ state: string; attempts: number; error: string }>("select state, attempts, error from jobs where id = $1", [id]);
      if (row.state === "FAILED" || row.state === "COMPLETED") return row;
      await sleep(25);
    }
  }

  it("fails at once, in one attempt, when no feature declares its kind or its payload does not match", async () => {
    const user = await signUpUser(server.client);
    // The kind column is text: a kind whose feature left the list can still be in it.
    const rows = await database.query<{ id: number }>(
      `insert into jobs (kind, owner_id, max_attempts, payload) values ('RETIRED_KIND', $1, 3, '{}'), ('REPORT', $1, 3, '{"reportKind":"NOPE"}') returning id`,
      [user.id],
    );
    const [retired, badPayload] = await Promise.all(rows.map((row) => finalRow(Number(row.id))));
    assert.deepEqual({ ...retired, error: retired.error.startsWith("No feature declares the job kind RETIRED_KIND") }, { state: "FAILED", attempts: 1, error: true });
    assert.equal(badPayload.state, "FAILED");
    assert.equal(badPayload.attempts, 1);
    assert.match(badPayload.error, /payload is not valid: reportKind/);
  });
});
