import { once } from "node:events";
import { type AddressInfo, connect } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import { type FrameTarget } from "../../src/transports/ws/outbox";

/** One loopback WebSocket: the server's end (where frames are written) and what its `ws` client read. */
export interface LoopbackSocket {
  server: FrameTarget;
  client: WebSocket;
  /** Text messages in the order the client read them. */
  received: string[];
  /** The close code the client got. */
  closed: Promise<number>;
  /** Resolves once the client has read `count` messages, or its socket closed. */
  settled(count: number): Promise<void>;
}

export interface Loopback {
  sockets: LoopbackSocket[];
  /** A client that reads raw bytes: the server's end, and every byte it received after the handshake until the server closed. */
  rawClient(): Promise<{ server: FrameTarget; bytes: Promise<Buffer> }>;
  stop(): Promise<void>;
}

/** Upgrades accepted at once: thousands at a time overflow the listen backlog. */
const handshakesAtOnce = 200;

function connectClient(url: string): Promise<Omit<LoopbackSocket, "server">> {
  const client = new WebSocket(url);
  const received: string[] = [];
  const closed = new Promise<number>((resolve) => client.once("close", resolve));
  const settled = (count: number) =>
    Promise.race([
      closed.then(() => undefined),
      new Promise<void>((resolve) => {
        const check = () => received.length >= count && (client.off("message", check), resolve());
        client.on("message", check);
        check();
      }),
    ]);
  client.on("message", (data) => received.push(String(data)));
  return once(client, "open").then(() => ({ client, received, closed, settled }));
}

/** A `ws` server on a free loopback port, with deflate off as Skein's is, and `count` real `ws` clients connected to it. */
export async function wsLoopback(count: number): Promise<Loopback> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  await once(wss, "listening");
  // Each client asks for /<its index>, so its server end is found whatever order the upgrades finish in.
  const servers = new Map<string, FrameTarget>();
  wss.on("connection", (socket, request) => servers.set(request.url ?? "", { socket, tcp: request.socket }));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const clients: Array<Omit<LoopbackSocket, "server">> = [];
  for (let start = 0; start < count; start += handshakesAtOnce) {
    const indexes = Array.from({ length: Math.min(handshakesAtOnce, count - start) }, (_, offset) => start + offset);
    clients.push(...(await Promise.all(indexes.map((index) => connectClient(`${url}/${index}`)))));
  }
  const serverAt = async (path: string): Promise<FrameTarget> => {
    while (!servers.has(path)) await once(wss, "connection");
    return servers.get(path) as FrameTarget;
  };
  const sockets: LoopbackSocket[] = [];
  for (const [index, client] of clients.entries()) sockets.push({ ...client, server: await serverAt(`/${index}`) });
  return {
    sockets,
    rawClient: async () => {
      const raw = connect((wss.address() as AddressInfo).port, "127.0.0.1");
      raw.write(`GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      const chunks: Buffer[] = [];
      const framesOf = (all: Buffer) => all.subarray(all.indexOf("\r\n\r\n") + 4);
      raw.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        // Answers the server's close (opcode 8) as a client must, masked (by zeros), so the server ends the TCP connection at once.
        if (framesOf(Buffer.concat(chunks)).includes(0x88)) raw.end(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
      });
      const bytes = once(raw, "end").then(() => framesOf(Buffer.concat(chunks)));
      return { server: await serverAt("/raw"), bytes };
    },
    stop: async () => {
      for (const { client } of clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}
