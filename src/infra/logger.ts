import pino, { type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from "pino";
import { withoutStatementData } from "../db/errors";

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
  };
  if (destination) return pino(options, destination);
  if (pretty) return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } } });
  // Synchronous writes: the shutdown's last lines come just before process.exit, and pino's
  // default asynchronous stdout could then write them out of order, or not at all.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

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
