import pino, { type Logger } from "pino";

/** Anything that may carry a secret is censored wherever it appears in a log line. */
const redactedPaths = [
  "password",
  "*.password",
  "*.*.password",
  "token",
  "*.token",
  "req.headers.authorization",
  "headers.authorization",
  "variables.password",
  "variables.input.password",
  "connectionParams.authorization",
  "connectionParams.token",
];

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for a terminal; JSON otherwise. */
  pretty: boolean;
}

export function createLogger({ level, pretty }: LoggerOptions): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: redactedPaths, censor: "[redacted]" },
    transport: pretty ? { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } } : undefined,
  });
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
