import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "./__generated__";
import { OtlpReceiver, type ReceivedSpan, newTraceparent, tracingEnv } from "./support/otlp-receiver";
import { type ReplicaCluster, startReplicaCluster } from "./support/replica-cluster";
import { type ServerProcess, spawnServer } from "./support/server-process";

const ReplicaTracedCatalog = graphql(`
  query ReplicaTracedCatalog { items(first: 5) { nodes { id name } } }
`);

/** A statement's span (not a connect's, which says where it connects by host and port only). */
const isStatement = (span: ReceivedSpan) => span.name.startsWith("pg.query");

describe("an API on a primary and a streaming replica, traced", () => {
  let receiver: OtlpReceiver;
  let cluster: ReplicaCluster;
  let api: ServerProcess;

  before(async () => {
    [receiver, cluster] = await Promise.all([OtlpReceiver.start(), startReplicaCluster()]);
    api = await spawnServer(cluster.primary.url, {
      env: { ...tracingEnv(receiver), DATABASE_REPLICA_URLS: cluster.replica.url, REPLICA_LAG_POLL_MS: "100" },
    });
  });
  after(async () => {
    await api?.kill();
    await cluster?.stop();
    await receiver?.stop();
  });

  it("tags an anonymous read's statements and its wait for a connection skein.db.role replica", async () => {
    // The lag poll has to have seen the replica caught up before it takes reads.
    await sleep(500);
    const { traceId, traceparent } = newTraceparent();
    assert.equal((await api.client.request(ReplicaTracedCatalog, {}, { traceparent })).status, 200);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && isStatement(span)), "the read's statement");
    const statements = receiver.trace(traceId).filter(isStatement);
    assert.deepEqual(new Set(statements.map((span) => span.attributes["skein.db.role"])), new Set(["replica"]));
    const connects = receiver.trace(traceId).filter((span) => span.name === "pg-pool.connect");
    assert.ok(connects.length > 0, "the wait for the replica's pooled connection");
    assert.deepEqual(new Set(connects.map((span) => span.attributes["skein.db.role"])), new Set(["replica"]));
  });
});
