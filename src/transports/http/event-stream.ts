import { type IncomingMessage } from "node:http";

/** Whether a request's Accept header asks for a stream of events (the GraphQL over SSE transport). */
export const asksForEventStream = (req: IncomingMessage): boolean => req.headers.accept === "text/event-stream";

/** Whether a /graphql request asks for the GraphQL over SSE transport. */
export const wantsEventStream = (req: IncomingMessage & { path: string }): boolean => req.path === "/stream" || asksForEventStream(req);
