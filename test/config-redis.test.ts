import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../src/config";
import { features } from "../src/features";

describe("the Redis variables", () => {
  const env = { NODE_ENV: "test" as const };
  const sentinels = { REDIS_SENTINELS: "10.0.0.1:26379, sentinel-b:26380,[::1]:26381", REDIS_SENTINEL_MASTER: "skein" };

  it("reach Redis through Sentinels with REDIS_SENTINELS and REDIS_SENTINEL_MASTER; jobs then leave the API", () => {
    const config = loadConfig({ ...env, ...sentinels, REDIS_PASSWORD: "redis-secret", REDIS_SENTINEL_PASSWORD: "sentinel-secret", REDIS_TLS: "true" }, features);
    assert.deepEqual(config.redis, {
      kind: "sentinel",
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "sentinel-b", port: 26380 },
        { host: "::1", port: 26381 },
      ],
      masterName: "skein",
      sentinelPassword: "sentinel-secret",
      password: "redis-secret",
      tls: true,
    });
    assert.equal(config.jobs.workerInApi, false);
  });

  it("lists what is wrong: both ways at once, a Sentinel list without its master or the reverse, a bad address", () => {
    const problems = (extra: Record<string, string>) => {
      try {
        loadConfig({ ...env, ...extra }, features);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.map((problem) => problem.split(":")[0]);
      }
    };
    assert.deepEqual(problems({ ...sentinels, REDIS_URL: "redis://127.0.0.1:6379" }), ["REDIS_SENTINELS"]);
    assert.deepEqual(problems({ REDIS_SENTINELS: "127.0.0.1:26379" }), ["REDIS_SENTINEL_MASTER"]);
    assert.deepEqual(problems({ REDIS_SENTINEL_MASTER: "skein" }), ["REDIS_SENTINELS"]);
    assert.deepEqual(problems({ ...sentinels, REDIS_SENTINELS: "127.0.0.1" }), ["REDIS_SENTINELS.0"]);
    assert.deepEqual(problems({ ...sentinels, REDIS_SENTINELS: Array.from({ length: 17 }, (_, i) => `h${i}:1`).join(",") }), ["REDIS_SENTINELS"]);
  });
});
