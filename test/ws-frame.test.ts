import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { WebSocketServer } from "ws";
import { createMetrics } from "../src/infra/metrics";
import { SubscriptionFanout } from "../src/graphql/subscriptions/fanout";
import { wsSubscribe } from "../src/transports/ws/delivery";
import { PerMessageDeflateError, serverTextFrame } from "../src/transports/ws/frame";
import { type Loopback, wsLoopback } from "./support/ws-loopback";

/** Text of `bytes` UTF-8 bytes, with multi-byte characters in it: the header counts bytes, not characters. */
const textOfBytes = (bytes: number): string => {
  const head = "é€".repeat(Math.min(10, Math.floor(bytes / 5)));
  return head + "x".repeat(bytes - Buffer.byteLength(head));
};

describe("serverTextFrame: a whole WebSocket frame that a ws client reads as the text written", () => {
  let loopback: Loopback;
  before(async () => {
    loopback = await wsLoopback(1);
  });
  after(async () => {
    await loopback?.stop();
  });

  // Either side of each change of the length's encoding (7, 16 and 64 bits), and one large payload.
  for (const bytes of [0, 1, 125, 126, 127, 65_535, 65_536, 65_537, 3_000_000]) {
    it(`a payload of ${bytes.toLocaleString("en")} bytes`, async () => {
      const [socket] = loopback.sockets;
      const text = textOfBytes(bytes);
      const before = socket.received.length;
      socket.server.tcp.write(serverTextFrame(text));
      await socket.settled(before + 1);
      assert.equal(socket.received.length, before + 1);
      assert.equal(Buffer.byteLength(socket.received[before]), bytes);
      assert.equal(socket.received[before], text);
    });
  }

  it("frames joined in one write arrive as separate messages, in order", async () => {
    const [socket] = loopback.sockets;
    const texts = [textOfBytes(10), textOfBytes(200), textOfBytes(70_000), textOfBytes(3)];
    const before = socket.received.length;
    socket.server.tcp.write(Buffer.concat(texts.map(serverTextFrame)));
    await socket.settled(before + texts.length);
    assert.deepEqual(socket.received.slice(before), texts);
  });

  it("keeps its place among ws's own messages: ws writes each at once, with deflate off", async () => {
    const [socket] = loopback.sockets;
    const before = socket.received.length;
    socket.server.socket.send("from ws, first");
    socket.server.tcp.write(serverTextFrame("written whole, second"));
    socket.server.socket.send("from ws, third");
    await socket.settled(before + 3);
    assert.deepEqual(socket.received.slice(before), ["from ws, first", "written whole, second", "from ws, third"]);
  });
});

describe("per-message deflate: refused when the WebSocket delivery starts", () => {
  const fanout = new SubscriptionFanout(createMetrics(), (error) => error.toJSON());

  it("a server that would compress is refused with PerMessageDeflateError, which names the reason", () => {
    const server = new WebSocketServer({ noServer: true, perMessageDeflate: true });
    assert.throws(() => wsSubscribe({ fanout, bufferMaxBytes: 1_024, server }), (error: unknown) => {
      assert.ok(error instanceof PerMessageDeflateError);
      assert.match(error.message, /per-message deflate must be off/);
      return true;
    });
  });

  it("deflate with options is refused too", () => {
    const server = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 1_024 } });
    assert.throws(() => wsSubscribe({ fanout, bufferMaxBytes: 1_024, server }), PerMessageDeflateError);
  });

  it("a server with deflate off starts", () => {
    const server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    assert.equal(typeof wsSubscribe({ fanout, bufferMaxBytes: 1_024, server }), "function");
  });
});
