import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { SubscriptionFanout } from "../src/graphql/subscriptions/fanout";
import { createMetrics } from "../src/infra/metrics";
import { serverTextFrame } from "../src/transports/ws/frame";
import { WriteBatch, slowSubscriberCloseCode } from "../src/transports/ws/write-batch";
import { type Loopback, wsLoopback } from "./support/ws-loopback";

/** A batch over a fresh registry, and what its metrics counted. */
function writeBatch(bufferMaxBytes = 1_000_000) {
  const metrics = createMetrics();
  const batch = new WriteBatch({ fanout: new SubscriptionFanout(metrics, (error) => error.toJSON()), bufferMaxBytes });
  const count = async (name: "skein_subscription_slow_closes_total" | "skein_subscription_delivery_seconds_count") => {
    const text = await metrics.registry.metrics();
    return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  };
  return { batch, count };
}

/** A graphql-ws `next` message as the delivery frames it. */
const next = (id: string, n: number) => `{"id":"${id}","type":"next","payload":{"data":{"n":${n}}}}`;

describe("WriteBatch over real ws sockets", () => {
  let loopback: Loopback | undefined;
  afterEach(async () => {
    await loopback?.stop();
    loopback = undefined;
  });

  it("writes each socket's frames in the order they were queued, its subscriptions' frames interleaved as sent", async () => {
    loopback = await wsLoopback(3);
    const { batch, count } = writeBatch();
    const sent = loopback.sockets.map((socket, index) => {
      const messages = Array.from({ length: 20 }, (_, n) => next(String((n % 2) + 1), index * 100 + n));
      // Two subscriptions (ids 1 and 2) of one socket ask for its outbox each time: they share it.
      for (const message of messages) batch.send(batch.outboxOf(socket.server), serverTextFrame(message), Date.now());
      return messages;
    });
    await Promise.all(loopback.sockets.map((socket) => socket.settled(20)));
    assert.deepEqual(
      loopback.sockets.map((socket) => socket.received),
      sent,
    );
    assert.equal(await count("skein_subscription_delivery_seconds_count"), 60, "one delivery observed per frame with a publication time");
  });

  it("frames queued across turns, while earlier ones are written, keep their order", async () => {
    loopback = await wsLoopback(2);
    const { batch } = writeBatch();
    const messages = Array.from({ length: 30 }, (_, n) => next("1", n));
    for (const [n, message] of messages.entries()) {
      for (const socket of loopback.sockets) batch.send(batch.outboxOf(socket.server), serverTextFrame(message), undefined);
      if (n % 7 === 0) await nextTurn();
    }
    await Promise.all(loopback.sockets.map((socket) => socket.settled(30)));
    for (const socket of loopback.sockets) assert.deepEqual(socket.received, messages);
  });

  it("writes what is held up to SUBSCRIPTION_BUFFER_MAX_BYTES, as if frame by frame", async () => {
    loopback = await wsLoopback(1);
    const [socket] = loopback.sockets;
    const frame = serverTextFrame("x".repeat(498));
    const { batch, count } = writeBatch(frame.length);
    // Before the second frame one frame is held, within the limit: both go out.
    batch.send(batch.outboxOf(socket.server), frame, undefined);
    batch.send(batch.outboxOf(socket.server), frame, undefined);
    await socket.settled(2);
    assert.equal(socket.received.length, 2);
    assert.equal(await count("skein_subscription_slow_closes_total"), 0);
  });

  it("closes a socket whose unsent data passed SUBSCRIPTION_BUFFER_MAX_BYTES with 4413, counted, instead of writing part of it", async () => {
    loopback = await wsLoopback(2);
    const [slow, other] = loopback.sockets;
    const frame = serverTextFrame("x".repeat(498));
    const { batch, count } = writeBatch(frame.length);
    for (let n = 0; n < 3; n += 1) batch.send(batch.outboxOf(slow.server), frame, undefined);
    batch.send(batch.outboxOf(other.server), frame, undefined);
    assert.equal(await slow.closed, slowSubscriberCloseCode);
    assert.deepEqual(slow.received, [], "a socket that would miss an event gets none of them");
    await other.settled(1);
    assert.equal(other.received.length, 1, "the other sockets of the batch are written");
    assert.equal(await count("skein_subscription_slow_closes_total"), 1);
  });

  it("counts what ws still holds for the socket against the limit", async () => {
    loopback = await wsLoopback(1);
    const [socket] = loopback.sockets;
    const frame = serverTextFrame("x".repeat(498));
    const { batch, count } = writeBatch(frame.length);
    // The client stops reading; what the kernel cannot take waits in ws's and Node's buffers.
    socket.client.pause();
    while (socket.server.socket.bufferedAmount <= frame.length) socket.server.socket.send("y".repeat(64 * 1024));
    batch.send(batch.outboxOf(socket.server), frame, undefined);
    batch.send(batch.outboxOf(socket.server), frame, undefined);
    await nextTurn();
    socket.client.resume();
    assert.equal(await socket.closed, slowSubscriberCloseCode);
    assert.equal(await count("skein_subscription_slow_closes_total"), 1);
  });

  it("skips a socket closed before the batch reached it: nothing follows its close frame", async () => {
    loopback = await wsLoopback(1);
    const [open] = loopback.sockets;
    const closing = await loopback.rawClient();
    const { batch, count } = writeBatch();
    for (const server of [closing.server, open.server]) batch.send(batch.outboxOf(server), serverTextFrame(next("1", 1)), Date.now());
    closing.server.socket.close(1000, "bye");
    // The server's close frame (FIN + close, 5 bytes: code 1000 and "bye") and nothing else, before or after.
    assert.deepEqual(await closing.bytes, Buffer.from([0x88, 5, 0x03, 0xe8, ...Buffer.from("bye")]));
    await open.settled(1);
    assert.deepEqual(open.received, [next("1", 1)]);
    assert.equal(await count("skein_subscription_delivery_seconds_count"), 1, "only the frame written counts as delivered");
  });

  it("flush writes a socket's frames ahead of the batch, before what ws sends next, and the batch does not write them again", async () => {
    loopback = await wsLoopback(1);
    const [socket] = loopback.sockets;
    const { batch } = writeBatch();
    const outbox = batch.outboxOf(socket.server);
    batch.send(outbox, serverTextFrame(next("1", 1)), undefined);
    batch.send(outbox, serverTextFrame(next("1", 2)), undefined);
    batch.flush(outbox);
    // As graphql-ws sends its complete, straight through ws.
    socket.server.socket.send(`{"id":"1","type":"complete"}`);
    batch.send(outbox, serverTextFrame(next("2", 3)), undefined);
    await socket.settled(4);
    await nextTurn();
    assert.deepEqual(socket.received, [next("1", 1), next("1", 2), `{"id":"1","type":"complete"}`, next("2", 3)]);
  });

  it("writes 1,000 sockets per turn; an event queued between two turns leaves with the one before on the sockets still waiting", async () => {
    loopback = await wsLoopback(1_500);
    const { sockets } = loopback;
    const { batch } = writeBatch();
    const outboxes = sockets.map((socket) => batch.outboxOf(socket.server));
    for (const outbox of outboxes) batch.send(outbox, serverTextFrame(next("1", 1)), undefined);
    // Queued after the batch's flush: runs once its first slice is written.
    await nextTurn();
    assert.deepEqual(
      [outboxes.slice(0, 1_000).filter((outbox) => outbox.queued).length, outboxes.slice(1_000).filter((outbox) => !outbox.queued).length],
      [0, 0],
      "the first 1,000 written, the other 500 still waiting",
    );
    for (const outbox of outboxes) batch.send(outbox, serverTextFrame(next("1", 2)), undefined);
    assert.equal(outboxes[1_200].queued, true);
    await Promise.all(sockets.map((socket) => socket.settled(2)));
    for (const socket of sockets) assert.deepEqual(socket.received, [next("1", 1), next("1", 2)]);
  });
});
