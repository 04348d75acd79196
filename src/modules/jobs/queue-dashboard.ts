import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { type Queue } from "bullmq";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { bearerTokenOf } from "../../infra/bearer-token";
import { type TokenService } from "../../identity/tokens";
import { isAdmin } from "../../identity/roles";

export const queueDashboardPath = "/admin/queues";
const cookieName = "skein_admin_token";

/** The token of a dashboard request: `Authorization: Bearer`, `?token=` (a browser's first visit), or the cookie. */
function tokenOf(req: Request): { token: string | undefined; fromQuery: boolean } {
  const header = bearerTokenOf(req.headers.authorization);
  if (header) return { token: header, fromQuery: false };
  if (typeof req.query.token === "string") return { token: req.query.token, fromQuery: true };
  const cookie = req.headers.cookie?.split(/;\s*/).find((part) => part.startsWith(`${cookieName}=`));
  return { token: cookie ? decodeURIComponent(cookie.slice(cookieName.length + 1)) : undefined, fromQuery: false };
}

/** The same address without `token`, so it leaves the address bar and the history. */
function withoutToken(req: Request): string {
  const url = new URL(req.originalUrl, "http://placeholder");
  url.searchParams.delete("token");
  return url.pathname + url.search;
}

function requireAdmin(tokens: TokenService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const { token, fromQuery } = tokenOf(req);
    const viewer = token ? await tokens.verify(token).catch(() => null) : null;
    if (!viewer) {
      res.status(401).json({ error: "Log in as an admin: send Authorization: Bearer <token>, or open this page with ?token=<token>." });
    } else if (!isAdmin(viewer.role)) {
      res.status(403).json({ error: "The queue dashboard is for admins." });
    } else if (fromQuery) {
      // Only an admin's token is kept, where page scripts cannot read it; `secure` once the request came over https.
      res.cookie(cookieName, token, { httpOnly: true, sameSite: "strict", secure: req.secure, path: queueDashboardPath });
      res.redirect(303, withoutToken(req));
    } else {
      next();
    }
  };
}

/**
 * Bull Board over every queue, for admins only, under /admin/queues. Read-only:
 * a job's row is its one record (job.transitions.ts), so a retry, promotion
 * or removal made on the queue alone would never reach it; admins retry a
 * FAILED job with the `retryJob` mutation.
 */
export function createQueueDashboard(queues: readonly Queue[], tokens: TokenService): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(queueDashboardPath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })), serverAdapter });
  const router = express.Router();
  router.use(requireAdmin(tokens), serverAdapter.getRouter());
  return router;
}
