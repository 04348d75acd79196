import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port that keeps what it accepts, and can refuse on demand. */
export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** The next `count` messages get `451 try again later`; Infinity refuses every one. */
  refuseNext(count: number): void;
  /**
   * Keeps the next message waiting for its answer: the sender's run stays in progress. Resolves once it
   * arrived, with what accepts it.
   */
  holdNext(): Promise<() => void>;
  /** Resolves once `count` messages were accepted in total. */
  waitForMessages(count: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  let refusals = 0;
  let hold: ((accept: () => void) => void) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals -= 1;
          callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
          return;
        }
        const accept = () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString() });
          for (const wake of waiters.splice(0)) wake();
          callback();
        };
        const held = hold;
        hold = undefined;
        if (held) held(accept);
        else accept();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseNext: (count) => (refusals = count),
    holdNext: () => new Promise((resolve) => (hold = resolve)),
    waitForMessages: async (count) => {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
