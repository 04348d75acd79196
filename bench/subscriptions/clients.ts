// One client process of the subscriptions benchmark (forked by run.ts): opens
// its share of graphql-ws sockets at once, subscribes each to myJobUpdated,
// and reports per event and socket the time from the row's updatedAt, and the
// CPU it spent since its sockets were connected (it shares the machine's cores
// with the server).
import WebSocket from "ws";

interface Start {
  url: string;
  token: string;
  sockets: number;
}

const subscription = "subscription { myJobUpdated { id state progress updatedAt } }";

const send = (message: unknown) => process.send?.(message);

/** Latency of every event each socket received, and which events (job id and updatedAt) they were. */
const latencies: number[] = [];
const received: Array<Set<string>> = [];
const sockets: WebSocket[] = [];
let cpuAtConnected: NodeJS.CpuUsage | undefined;

function open(url: string, token: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    sockets.push(socket);
    received[index] = new Set();
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { token } })));
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: { data?: { myJobUpdated: { id: string; updatedAt: string } } } };
      if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: subscription } }));
        resolve();
      }
      const job = message.payload?.data?.myJobUpdated;
      if (message.type !== "next" || !job) return;
      latencies.push(Date.now() - Date.parse(job.updatedAt));
      received[index].add(`${job.id}@${job.updatedAt}`);
    });
    socket.once("close", (code) => (code === 1000 ? undefined : send({ type: "closed", code })));
  });
}

process.on("message", async (message: { type: "start"; start: Start } | { type: "report" } | { type: "stop" }) => {
  if (message.type === "start") {
    const { url, token, sockets: count } = message.start;
    const started = Date.now();
    const opened = await Promise.allSettled(Array.from({ length: count }, (_, index) => open(url, token, index)));
    cpuAtConnected = process.cpuUsage();
    send({ type: "connected", connected: opened.filter((result) => result.status === "fulfilled").length, ms: Date.now() - started });
  } else if (message.type === "report") {
    const cpu = process.cpuUsage(cpuAtConnected);
    send({ type: "report", latencies, received: received.map((events) => [...events]), cpuMs: (cpu.user + cpu.system) / 1_000 });
  } else {
    for (const socket of sockets) socket.close(1000);
    process.exit(0);
  }
});
send({ type: "ready" });
