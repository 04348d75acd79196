import { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";

/**
 * Ends HTTP keep-alive once shutdown begins, so that no request is taken
 * that will not be answered. Without it, answers after SIGTERM said
 * keep-alive, clients sent one more request on the socket, and the listener
 * closing reset it: the client saw ECONNRESET for a write that had committed.
 *
 * From `start()`, every answer (those in flight too) says `Connection: close`
 * and its socket closes after it. A socket idle at that moment is left open:
 * its next request is answered the same way; closing it there and then would
 * reset a request the client is sending at that instant. The listener's
 * close ends the sockets still idle (ApolloServerPluginDrainHttpServer), and a
 * request that arrives on a socket already ended is dropped unread, never run.
 */
export class KeepAliveDrain {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();

  /** `app` behind the gate: what the server's "request" event must call. */
  handler(app: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) {
        // No answer could be written: do not run it (the client sees its connection close, nothing happened).
        if (req.socket.writableEnded || req.socket.destroyed) return req.socket.destroy();
        closeAfter(res);
      } else {
        this.inFlight.add(res);
        res.once("close", () => this.inFlight.delete(res));
      }
      app(req, res);
    };
  }

  start(): void {
    this.draining = true;
    for (const res of this.inFlight) closeAfter(res);
  }
}

/** Node ends the socket after an answer whose `connection` header says close (GraphQL answers are sent whole, so headers are rarely out yet). */
function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader("connection", "close");
}
