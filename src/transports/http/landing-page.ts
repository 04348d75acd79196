import { type RequestHandler } from "express";

export interface LandingPageOptions {
  /** Introspection is on: Apollo Sandbox at GET /graphql and GraphiQL at /graphiql are served. */
  explorers: boolean;
  /** /metrics on this port: open, behind METRICS_TOKEN, or not here (METRICS_PORT). */
  metrics: "open" | "token" | "elsewhere";
}

const link = (href: string, text: string, note: string) => `<li><a href="${href}">${text}</a>: ${note}</li>`;

/** GET /: where a newcomer finds what this server offers; it lists only what is enabled. */
export function landingPage({ explorers, metrics }: LandingPageOptions): RequestHandler {
  const links = [
    explorers
      ? link("/graphql", "/graphql", "GraphQL (POST); in a browser, Apollo Sandbox, which loads from Apollo's CDN")
      : `<li><code>POST /graphql</code>: GraphQL (<code>ws://</code> on the same path for subscriptions)</li>`,
    ...(explorers ? [link("/graphiql", "/graphiql", "GraphiQL, an explorer that works offline")] : []),
    link("/healthz", "/healthz", "liveness"),
    link("/readyz", "/readyz", "readiness"),
    ...(metrics === "elsewhere" ? [] : [link("/metrics", "/metrics", metrics === "open" ? "Prometheus metrics" : "Prometheus metrics, with the metrics token")]),
  ];
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Skein</title></head>
<body>
<h1>Skein</h1>
<p>A GraphQL API server.</p>
<ul>
${links.join("\n")}
</ul>
</body>
</html>
`;
  return (_req, res) => {
    res.type("html").send(html);
  };
}
