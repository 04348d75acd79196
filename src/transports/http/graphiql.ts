import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { type Request, type Response } from "express";
import { gzipSync } from "node:zlib";

let page: { html: string; gzipped: Buffer } | undefined;

const exampleQuery = `# The catalog, three levels deep: three SQL statements, whatever the row counts.
query Catalog {
  users(first: 5) {
    nodes {
      name
      items(first: 3) {
        nodes { sku name priceCents stock owner { name } }
      }
    }
  }
}
`;

/**
 * GET /graphiql: an explorer that works with no internet (Apollo Sandbox
 * needs Apollo's CDN). The page is ~9 MB, so it is built and compressed once.
 */
export function serveGraphiQL(req: Request, res: Response): void {
  page ??= (() => {
    const html = renderGraphiQL({ endpoint: "/graphql", subscriptionsProtocol: "WS", title: "Skein", defaultQuery: exampleQuery });
    return { html, gzipped: gzipSync(html) };
  })();
  res.type("html").setHeader("vary", "accept-encoding");
  if (req.acceptsEncodings("gzip")) {
    res.setHeader("content-encoding", "gzip").send(page.gzipped);
  } else {
    res.send(page.html);
  }
}
