import { type Server, type Socket, createConnection, createServer } from "node:net";

/**
 * A TCP relay on a free loopback port in front of `targetPort`. `stall()`
 * stops forwarding in both directions while every socket stays open, as a
 * network partition or a frozen host looks to a client: no refusal, no
 * reset, just silence. `resume()` forwards again (new connections too).
 * `switchTo(port)` sends new connections elsewhere, as a stable address
 * (DNS, a virtual IP, a proxy) moves to a promoted server; open ones stay
 * on the old server until it closes them.
 */
export class TcpRelay {
  private stalled = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(private targetPort: number) {
    this.server = createServer((client) => this.pipe(client, this.targetPort));
  }

  static async start(targetPort: number): Promise<TcpRelay> {
    const relay = new TcpRelay(targetPort);
    await new Promise<void>((resolve) => relay.server.listen(0, "127.0.0.1", resolve));
    return relay;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  switchTo(targetPort: number): void {
    this.targetPort = targetPort;
  }

  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
    for (const socket of this.sockets) socket.resume();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket, targetPort: number): void {
    const upstream = createConnection(targetPort, "127.0.0.1");
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      // While stalled, bytes are neither read nor written: the peer's data waits in its send buffer.
      from.on("data", (chunk) => {
        if (this.stalled) from.pause();
        if (this.stalled) from.unshift(chunk);
        else to.write(chunk);
      });
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }
}
