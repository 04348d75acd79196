import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleAll } from "cockatiel";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { SpanKind } from "@opentelemetry/api";
import { type Logger } from "pino";
import { type Metrics } from "../../infra/metrics";
import { inSpan } from "../../infra/tracing/spans";
import { RetryLaterError } from "../jobs/job.handlers";
import { type EmailSettings } from "./email.config";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Throws when the provider refuses (the job retries), or RetryLaterError at once while the breaker is open (the job waits). */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** No SMTP_URL: each message is written as an .eml file, so the one-process start needs no mail server. */
function fileSink(outboxDir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    send: async (message) => {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(outboxDir, { recursive: true });
      const file = path.join(outboxDir, `${Date.now()}-${info.messageId.replace(/[^A-Za-z0-9.@-]/g, "")}.eml`);
      await writeFile(file, info.message as Buffer);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/**
 * A Message-ID in the sender's domain, as nodemailer makes one, from one
 * randomUUID (pooled entropy) rather than its five randomBytes calls per message.
 */
const messageIdFor = (from: string): string => `<${randomUUID()}@${/@([^>\s]+)/.exec(from)?.[1] ?? "localhost"}>`;

/**
 * SMTP behind a circuit breaker: after SMTP_BREAKER_FAILURES failures in a
 * row it refuses sends for SMTP_BREAKER_HALF_OPEN_MS, so a provider that keeps
 * failing is not hammered and jobs wait out their backoff instead.
 */
function smtpWithBreaker(smtpUrl: string, config: EmailSettings, connections: number, logger: Logger, metrics: Metrics): Mailer {
  // Pooled: connections are reused for every message (not only 100, nodemailer's default), so a send after the first skips the SMTP handshake (~100 ms here).
  const transport: Transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: connections, maxMessages: Infinity });
  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: config.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(config.breakerFailures),
  });
  breaker.onBreak(() => {
    metrics.smtpCircuitOpen.set(1);
    logger.warn({ halfOpenAfterMs: config.breakerHalfOpenMs }, "SMTP circuit breaker opened: mail is held back");
  });
  breaker.onReset(() => {
    metrics.smtpCircuitOpen.set(0);
    logger.info("SMTP circuit breaker closed: mail flows again");
  });
  return {
    send: async (message) => {
      try {
        const info = await breaker.execute(() => transport.sendMail({ from: config.from, messageId: messageIdFor(config.from), ...message }));
        return { messageId: info.messageId };
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new RetryLaterError("The mail provider keeps failing; sending is paused for a while.", config.breakerHalfOpenMs);
        }
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

/** `connections`: SMTP connections at most, one per job the process runs at once, so no send waits for a free one (nodemailer's default is 5). */
export function createMailer(config: EmailSettings, connections: number, logger: Logger, metrics: Metrics): Mailer {
  const mailer = config.smtpUrl ? smtpWithBreaker(config.smtpUrl, config, connections, logger, metrics) : fileSink(config.outboxDir, config.from);
  const transport = config.smtpUrl ? "smtp" : "file";
  // Every send in a span of its own under the job's (tracing off: a plain call).
  return { ...mailer, send: (message) => inSpan("smtp send", { kind: SpanKind.CLIENT, attributes: () => ({ "skein.mail.transport": transport }) }, () => mailer.send(message)) };
}
