import { randomBytes } from "node:crypto";
import { type Server, createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { parse } from "protobufjs";
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

/** One span as an OTLP/HTTP export carries it, flattened for assertions. */
export interface ReceivedSpan extends Omit<OtlpSpan, "attributes" | "links"> {
  /** The exporting process's service.name and process.pid. */
  service: string;
  pid: number;
  /** How it came: OTEL_EXPORTER_OTLP_PROTOCOL http/json or http/protobuf. */
  encoding: "json" | "protobuf";
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
 * The part of OTLP's ExportTraceServiceRequest that `collect` reads, with
 * the field numbers of opentelemetry-proto (collector/trace/v1, trace/v1,
 * resource/v1, common/v1); protobufjs skips the fields left out. Decoded
 * with bytes as base64 and int64 as strings, it has the shape of the JSON form.
 */
const exportTraceServiceRequest = parse(`
  syntax = "proto3";
  message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
  message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
  message Resource { repeated KeyValue attributes = 1; }
  message ScopeSpans { repeated Span spans = 2; }
  message Span {
    bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
    string name = 5; int32 kind = 6; repeated KeyValue attributes = 9; repeated Link links = 13;
  }
  message Link { bytes trace_id = 1; bytes span_id = 2; }
  message KeyValue { string key = 1; AnyValue value = 2; }
  message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
`).root.lookupType("ExportTraceServiceRequest");

const decodeProtobuf = (body: Buffer): OtlpExport =>
  exportTraceServiceRequest.toObject(exportTraceServiceRequest.decode(body), { bytes: String, longs: String }) as OtlpExport;

/**
 * An OTLP/HTTP receiver of the test's own (http/json and http/protobuf), so
 * the tracing tests need no collector: POST /v1/traces is decoded into
 * `spans`; any other signal is answered and counted in `requests` too, so a
 * test can show that nothing at all was sent.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
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
        if (req.url === "/v1/traces" && req.headers["content-type"] === "application/x-protobuf") receiver.collect(decodeProtobuf(body), "protobuf");
        else if (req.url === "/v1/traces") receiver.collect(JSON.parse(body.toString()) as OtlpExport, "json");
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return receiver;
  }

  private collect(exported: OtlpExport, encoding: ReceivedSpan["encoding"]): void {
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
            encoding,
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

/** A span's SQL text, if it has one (older conventions say db.statement, newer db.query.text). */
export const statementTextOf = (span: ReceivedSpan): unknown => span.attributes["db.statement"] ?? span.attributes["db.query.text"];

/** A statement's span from the pg instrumentation, not a connect's (older conventions say db.system, newer db.system.name). */
export const isSql = (span: ReceivedSpan): boolean =>
  (span.attributes["db.system"] === "postgresql" || span.attributes["db.system.name"] === "postgresql") && statementTextOf(span) !== undefined;

/** True when `span` has an ancestor satisfying `test` within `spans`. */
export function hasAncestor(spans: ReceivedSpan[], span: ReceivedSpan, test: (span: ReceivedSpan) => boolean): boolean {
  const byId = new Map(spans.map((each) => [each.spanId, each]));
  for (let parent = byId.get(span.parentSpanId ?? ""); parent; parent = byId.get(parent.parentSpanId ?? "")) if (test(parent)) return true;
  return false;
}
