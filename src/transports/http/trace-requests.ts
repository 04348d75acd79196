import { type Attributes, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, context, propagation, trace } from "@opentelemetry/api";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from "@opentelemetry/semantic-conventions";
import { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { type TLSSocket } from "node:tls";
import { tracer, tracingOn } from "../../infra/tracing/state";
import { unsampledContext } from "../../infra/tracing/unsampled";
import { probeRoutes } from "./observe-requests";
import { pathOf } from "./url-parts";

/** The methods HTTP's semantic conventions name; any other is reported as `_OTHER`, so a client cannot invent span names. */
const knownMethods = new Set(["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"]);

/**
 * Each request in an HTTP server span, with the current semantic
 * conventions, continuing an incoming W3C `traceparent` (its `tracestate` and
 * baggage passed on); `routeOf` names the route of a path, or undefined for
 * one Skein does not serve. The listener as it came when tracing is off.
 *
 * Why not the http instrumentation's incoming side: it builds the span's
 * attributes, binds the request and response emitters to the context and
 * adds its listeners before the sampler decides, for every request. At 1%
 * sampling that was most of what tracing cost a nested query. Here the
 * sampler decides first: a request it leaves out pays for one context,
 * without its span (unsampledContext), so nothing under it makes spans.
 * Nor are the request's emitters bound: its body's events and its
 * response's end keep the context they were started in (the tracing tests
 * send a compressed body in two packets through Express and body-parser).
 */
export function traceRequests(listener: RequestListener, routeOf: (path: string) => string | undefined): RequestListener {
  if (!tracingOn()) return listener;
  return (req, res) => {
    const path = pathOf(req.url);
    if (probeRoutes.has(path)) return listener(req, res);
    const method = knownMethods.has(req.method ?? "") ? req.method! : "_OTHER";
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } }, parent);
    if (!span.isRecording()) return context.with(unsampledContext(parent, span), () => listener(req, res));
    const route = routeOf(path);
    if (route) span.updateName(`${method} ${route}`);
    span.setAttributes(requestAttributes(req, path, route));
    res.once("close", () => endRequestSpan(span, res));
    return context.with(trace.setSpan(parent, span), () => listener(req, res));
  };
}

function requestAttributes(req: IncomingMessage, path: string, route: string | undefined): Attributes {
  const [host, port] = (req.headers.host ?? "").split(":");
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  return {
    [ATTR_URL_PATH]: path,
    // url.query is left out: a GraphQL GET carries its variables there.
    [ATTR_URL_SCHEME]: encrypted ? "https" : "http",
    ...(route && { [ATTR_HTTP_ROUTE]: route }),
    ...(host && { [ATTR_SERVER_ADDRESS]: host }),
    [ATTR_SERVER_PORT]: Number(port) || (encrypted ? 443 : 80),
    [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
    ...(req.socket.remoteAddress && { [ATTR_NETWORK_PEER_ADDRESS]: req.socket.remoteAddress }),
    ...(req.socket.remotePort && { [ATTR_NETWORK_PEER_PORT]: req.socket.remotePort }),
    ...(req.headers["user-agent"] && { [ATTR_USER_AGENT_ORIGINAL]: req.headers["user-agent"] }),
  };
}

/** Server errors fail the span; a client's 4xx does not (the conventions' rule for server spans). */
function endRequestSpan(span: Span, res: ServerResponse): void {
  if (res.writableFinished) {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
    if (res.statusCode >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } else {
    span.setAttribute(ATTR_ERROR_TYPE, "client_closed");
    span.setStatus({ code: SpanStatusCode.ERROR, message: "the client closed the connection before the response ended" });
  }
  span.end();
}
