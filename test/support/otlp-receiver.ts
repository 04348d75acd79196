import { randomBytes } from "node:crypto";
import { type Server, createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { freePort } from "./free-port";

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };
type OtlpLink = { traceId: string; spanId: string };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's numbering: 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  traceState?: string;
  attributes?: OtlpAttribute[];
  links?: OtlpLink[];
}

/** One span as an OTLP/HTTP JSON export carries it, flattened for assertions. */
export interface ReceivedSpan extends Omit<OtlpSpan, "attributes" | "links"> {
  /** The exporting process's service.name and process.pid. */
  service: string;
  pid: number;
  attributes: Record<string, unknown>;
  links: OtlpLink[];
}
interface OtlpExport {
  resourceSpans?: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
}

const valueOf = (value: OtlpValue): unknown =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.boolValue ?? value.doubleValue;

const attributesOf = (attributes: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

/** The JSON exporter writes ids as hex; base64 is OTLP's other JSON form. */
const hexId = (id: string | undefined): string | undefined =>
  !id ? undefined : /^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16) ? id.toLowerCase() : Buffer.from(id, "base64").toString("hex");

const bodyMaxBytes = 32 * 1024 * 1024;

/**
 * An OTLP/HTTP receiver of the test's own (http/json), so the tracing tests
 * need no collector: POST /v1/traces is parsed into `spans` (an
 * http/protobuf one is kept in `protobufExports`); any other
 * signal is answered and counted in `requests` too, so a test can show that
 * nothing at all was sent.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** The bodies of http/protobuf trace exports, as they came (not decoded into `spans`). */
  readonly protobufExports: Buffer[] = [];
  requests = 0;

  private constructor(
    private readonly server: Server,
    /** The base URL: OTEL_EXPORTER_OTLP_ENDPOINT. */
    readonly url: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const port = await freePort();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > bodyMaxBytes) req.destroy();
        else chunks.push(chunk);
      });
      req.on("end", () => {
        receiver.requests += 1;
        const raw = Buffer.concat(chunks);
        const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        if (req.url === "/v1/traces" && req.headers["content-type"] === "application/x-protobuf") receiver.protobufExports.push(body);
        else if (req.url === "/v1/traces") receiver.collect(JSON.parse(body.toString()) as OtlpExport);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return receiver;
  }

  private collect(exported: OtlpExport): void {
    for (const resourceSpans of exported.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: hexId(span.traceId)!,
            spanId: hexId(span.spanId)!,
            parentSpanId: hexId(span.parentSpanId),
            name: span.name,
            kind: span.kind,
            traceState: span.traceState || undefined,
            service: String(resource["service.name"]),
            pid: Number(resource["process.pid"]),
            attributes: attributesOf(span.attributes),
            links: (span.links ?? []).map((link) => ({ traceId: hexId(link.traceId)!, spanId: hexId(link.spanId)! })),
          });
        }
      }
    }
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** Waits until `predicate` holds over the spans received so far; throws with what arrived after `timeoutMs`. */
  async waitFor(predicate: (spans: ReceivedSpan[]) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; !predicate(this.spans); await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`no ${what} after ${timeoutMs} ms; spans: ${this.spans.map((span) => `${span.service}:${span.name}`).join(", ")}`);
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The standard variables, pointed at `receiver`; spans leave each process within 50 ms. */
export const tracingEnv = (receiver: OtlpReceiver): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_TRACES_SAMPLER: "parentbased_always_on",
  OTEL_BSP_SCHEDULE_DELAY: "50",
});

/** A W3C traceparent of the test's own (a parent span the server never sees), sampled unless told otherwise. */
export function newTraceparent({ sampled = true } = {}) {
  const traceId = randomBytes(16).toString("hex");
  const parentId = randomBytes(8).toString("hex");
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-${sampled ? "01" : "00"}` };
}

/** A span of the pg instrumentation: a statement's or a connect's (older conventions say db.system, newer db.system.name). */
export const isSql = (span: ReceivedSpan): boolean => span.attributes["db.system"] === "postgresql" || span.attributes["db.system.name"] === "postgresql";
