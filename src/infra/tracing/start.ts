import type * as SdkNode from "@opentelemetry/sdk-node";
import type * as Http from "@opentelemetry/instrumentation-http";
import type * as Pg from "@opentelemetry/instrumentation-pg";
import type * as IORedis from "@opentelemetry/instrumentation-ioredis";
import type * as Undici from "@opentelemetry/instrumentation-undici";
import { tagDatabaseRole } from "./database-role";
import { markTracingOn } from "./state";

let sdk: SdkNode.NodeSDK | undefined;

/**
 * Whether the environment asks for traces: an OTLP endpoint
 * (OTEL_EXPORTER_OTLP_ENDPOINT or its traces-only form) and OTEL_SDK_DISABLED
 * not "true". Off by default.
 */
export function wantsTracing(env: NodeJS.ProcessEnv): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return Boolean(endpoint) && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== "true";
}

/**
 * Starts the OpenTelemetry SDK when wantsTracing. It must run before pg,
 * ioredis and node:http are first required (the instrumentations patch them
 * as they load; pg-pool, which pg loads once, would stay unpatched): the
 * entry points import ./api-process or ./worker-process first, and this
 * module imports nothing that loads them (role-client.ts, which loads pg,
 * is apart from database-role.ts for that). The SDK is required only here, so a process without an endpoint
 * never loads it. Everything else comes from the standard variables, read by
 * the SDK itself: OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf by default, or
 * http/json), OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*, OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES. Only traces are exported (metrics stay on
 * /metrics, logs on stdout).
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk || !wantsTracing(env)) return Boolean(sdk);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on (see above) */
  const { NodeSDK } = require("@opentelemetry/sdk-node") as typeof SdkNode;
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof Http;
  const { PgInstrumentation } = require("@opentelemetry/instrumentation-pg") as typeof Pg;
  const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as typeof IORedis;
  const { UndiciInstrumentation } = require("@opentelemetry/instrumentation-undici") as typeof Undici;
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || defaultServiceName,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Skein makes its HTTP server spans itself, after the sampler's decision (src/transports/http/trace-requests.ts).
        disableIncomingRequestInstrumentation: true,
        // The exporter's own requests, and any made outside a trace, stay untraced.
        requireParentforOutgoingSpans: true,
      }),
      // Background polls (the outbox, BullMQ's blocking reads) outside any trace make no root spans of their own.
      new PgInstrumentation({ requireParentSpan: true, requestHook: tagDatabaseRole, connectionHook: tagDatabaseRole }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  markTracingOn();
  return true;
}

/** Exports the spans still buffered and stops the SDK: the last shutdown step before the logs. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
