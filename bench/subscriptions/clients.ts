// One client process of the subscriptions benchmark (forked by run.ts): opens
// its share of graphql-ws sockets at once, subscribes each to myJobUpdated,
// and checks every event on every socket: each job's events arrive in
// order (updatedAt rises), none twice. It reports when each event arrived
// on each socket, what each socket received, and the CPU
// it spent since its sockets were connected. It shares the machine's cores
// with the server, so it does no more per message than those checks: the
// server sends one event's frame to every socket byte for byte the same, so
// each distinct text is parsed once and its meaning looked up after that.
import WebSocket from "ws";
import { eventKey } from "./publish-times";

interface Start {
  url: string;
  token: string;
  sockets: number;
}

/** What one client process saw: run.ts adds the processes' reports up. */
export interface ClientReport {
  /** Every distinct event any socket received (job id, updatedAt in epoch ms), and when it arrived on each socket (epoch ms). */
  events: Array<{ key: string; updatedAt: number; arrivals: number[] }>;
  /** Per socket, how many events it received in order and once. */
  receivedPerSocket: number[];
  /** Events that came again, or after a later event of their job, on one socket. */
  outOfOrder: number;
  cpuMs: number;
}

const subscription = "subscription { myJobUpdated { id state progress updatedAt } }";

type ServerMessage = { type: string; payload?: { data?: { myJobUpdated?: { id: string; updatedAt: string } } } };

/** What a message says, as far as the checks need it. */
type Meaning = { type: "event"; jobId: string; updatedAt: number; key: string } | { type: string };

const meanings = new Map<string, Meaning>();

function meaningOf(text: string): Meaning {
  let meaning = meanings.get(text);
  if (!meaning) {
    const message = JSON.parse(text) as ServerMessage;
    const job = message.payload?.data?.myJobUpdated;
    const updatedAt = job && Date.parse(job.updatedAt);
    meaning = message.type === "next" && job && updatedAt ? { type: "event", jobId: job.id, updatedAt, key: eventKey(job.id, updatedAt) } : { type: message.type };
    meanings.set(text, meaning);
  }
  return meaning;
}

const send = (message: unknown) => process.send?.(message);

const receivedPerSocket: number[] = [];
/** Event key → its updatedAt and its arrivals on every socket. */
const events = new Map<string, { updatedAt: number; arrivals: number[] }>();
let outOfOrder = 0;
const sockets: WebSocket[] = [];
let cpuAtConnected: NodeJS.CpuUsage | undefined;

function open(url: string, token: string, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    sockets.push(socket);
    receivedPerSocket[index] = 0;
    /** Job id → updatedAt of the last event this socket received of it. */
    const lastOf = new Map<string, number>();
    socket.once("error", reject);
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { token } })));
    socket.on("message", (data) => {
      // The arrival time first: parsing is the client's work, not the delivery's.
      const arrivedAt = Date.now();
      const message = meaningOf(String(data));
      if ("jobId" in message) {
        const { jobId, updatedAt, key } = message;
        let event = events.get(key);
        if (!event) events.set(key, (event = { updatedAt, arrivals: [] }));
        event.arrivals.push(arrivedAt);
        if (updatedAt <= (lastOf.get(jobId) ?? -Infinity)) {
          outOfOrder++;
          return;
        }
        lastOf.set(jobId, updatedAt);
        receivedPerSocket[index]++;
      } else if (message.type === "connection_ack") {
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: subscription } }));
        resolve();
      }
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
    const seen = [...events].map(([key, event]) => ({ key, ...event }));
    const report: ClientReport = { events: seen, receivedPerSocket, outOfOrder, cpuMs: (cpu.user + cpu.system) / 1_000 };
    send({ type: "report", ...report });
  } else {
    for (const socket of sockets) socket.close(1000);
    process.exit(0);
  }
});
send({ type: "ready" });
