import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { serverTextFrame } from "../src/transports/ws/frame";
import { Outbox } from "../src/transports/ws/outbox";
import { type Loopback, wsLoopback } from "./support/ws-loopback";

const publishedAtsOf = (outbox: Outbox): number[] => {
  const times: number[] = [];
  outbox.frames.eachPublishedAt((publishedAt) => times.push(publishedAt));
  return times.reverse();
};

describe("Outbox: one socket's frames waiting for the write batch", () => {
  let loopback: Loopback;
  let outboxes: Outbox[];
  before(async () => {
    loopback = await wsLoopback(2);
    outboxes = loopback.sockets.map(({ server }) => new Outbox(server.socket, server.tcp));
  });
  after(async () => {
    await loopback?.stop();
  });

  const frames = ["first", "second, longer", "x".repeat(70_000)].map(serverTextFrame);

  it("joins its frames in the order they were added, and hands a single frame over as it is", () => {
    const [outbox] = outboxes;
    outbox.add(frames[0], undefined);
    assert.equal(outbox.frames.joined(), frames[0]);
    outbox.add(frames[1], 5);
    outbox.add(frames[2], 7);
    assert.deepEqual(outbox.frames.joined(), Buffer.concat(frames));
    assert.equal(outbox.bytes, Buffer.concat(frames).length);
    assert.equal(outbox.bytesBeforeNewest, frames[0].length + frames[1].length);
    assert.deepEqual(publishedAtsOf(outbox), [5, 7]);
    outbox.clear();
  });

  it("shares one joined buffer between sockets that wait for the same frames, not with one that waits for others", () => {
    const [one, two] = outboxes;
    for (const outbox of outboxes) for (const frame of frames) outbox.add(frame, 1);
    assert.equal(one.frames.joined(), two.frames.joined());
    two.clear();
    two.add(frames[1], 1);
    two.add(frames[0], 1);
    assert.deepEqual(two.frames.joined(), Buffer.concat([frames[1], frames[0]]));
    assert.deepEqual(one.frames.joined(), Buffer.concat(frames), "what another socket waits for is not changed");
    for (const outbox of outboxes) outbox.clear();
  });

  it("is empty again once cleared, holding only what is added since", () => {
    const [outbox] = outboxes;
    outbox.add(frames[2], 1);
    outbox.add(frames[2], 2);
    outbox.queued = true;
    outbox.overflowed = true;
    outbox.clear();
    assert.deepEqual([outbox.bytes, outbox.bytesBeforeNewest, publishedAtsOf(outbox), outbox.queued, outbox.overflowed], [0, 0, [], false, false]);
    // A frame Buffer is one event's, so it always comes with that event's publication time: this one has none.
    const current = serverTextFrame("current row");
    outbox.add(current, undefined);
    assert.equal(outbox.frames.joined(), current);
    assert.deepEqual(publishedAtsOf(outbox), []);
    outbox.clear();
  });
});
