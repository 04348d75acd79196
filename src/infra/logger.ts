import pino, { type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from "pino";
import { withoutStatementData } from "./without-statement-data";
import { BatchedLines } from "./log-destination";
import { mergeTraceLogFields, traceLogFields } from "./tracing/log-fields";
import { tracingOn } from "./tracing/state";

/** Keys whose values are secrets: passwords, tokens, credentials, and URLs that may embed a password. */
const secretKeys = [
  "password",
  "newPassword",
  "passwordHash",
  "token",
  "accessToken",
  "refreshToken",
  "authorization",
  "cookie",
  '["set-cookie"]',
  "jwtSecret",
  "signingSecret",
  "primaryUrl",
  "replicaUrls",
  "databaseUrl",
  "connectionString",
  "redisUrl",
  "sentinelPassword",
  "smtpUrl",
];

/**
 * Each secret key is censored at the top of a log line and up to three
 * levels down (`req.headers.authorization`, `variables.input.password`).
 */
const redactedPaths = secretKeys.flatMap((key) => {
  const member = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${member}`, `*.*${member}`, `*.*.*${member}`];
});

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for a terminal; JSON otherwise. */
  pretty: boolean;
}

/** `destination`: where JSON lines go instead of stdout (tests read them back). */
export function createLogger({ level, pretty }: LoggerOptions, destination?: DestinationStream): Logger {
  const options: PinoOptions = {
    level,
    base: { pid: process.pid },
    redact: { paths: redactedPaths, censor: "[redacted]" },
    // A failed statement's error carries its parameters (a password hash): never logged.
    serializers: { err: (error: unknown) => pino.stdSerializers.err(withoutStatementData(error) as Error) },
    // Only with tracing on: otherwise every line would ask for a span there cannot be.
    ...(tracingOn() && { mixin: traceLogFields, mixinMergeStrategy: mergeTraceLogFields }),
  };
  if (destination) return pino(options, destination);
  if (pretty) return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } } });
  // Written in batches (see BatchedLines); the "logs" shutdown step flushes them, and so does the exit.
  return pino(options, new BatchedLines(1));
}

/**
 * A child for the two lines every request writes ("http request",
 * "graphql operation"): their fields are a fixed set the code fills (ids,
 * names, codes, numbers, never variables or headers), so they skip the
 * redaction walk, which on each line cost more than the rest of the line.
 * Everything else keeps `logger`'s redaction.
 */
export const requestLineLogger = (logger: Logger): Logger => logger.child({}, { redact: [] });

/** Pretty output only in development, in a terminal, and where pino-pretty is installed. */
export function wantsPrettyLogs(env: string): boolean {
  if (env !== "development" || !process.stdout.isTTY) return false;
  try {
    require.resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}
