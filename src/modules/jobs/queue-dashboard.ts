import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { type Queue } from "bullmq";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { type TokenService, bearerTokenOf } from "../auth/tokens";
import { isAdmin } from "../users/user.roles";

export const queueDashboardPath = "/admin/queues";
const cookieName = "skein_admin_token";

/** The token of a dashboard request: `Authorization: Bearer`, the cookie, or `?token=` (which sets the cookie for the browser). */
function tokenOf(req: Request, res: Response): string | undefined {
  const header = bearerTokenOf(req.headers.authorization);
  if (header) return header;
  if (typeof req.query.token === "string") {
    res.cookie(cookieName, req.query.token, { httpOnly: true, sameSite: "strict", path: queueDashboardPath });
    return req.query.token;
  }
  const cookie = req.headers.cookie?.split(/;\s*/).find((part) => part.startsWith(`${cookieName}=`));
  return cookie ? decodeURIComponent(cookie.slice(cookieName.length + 1)) : undefined;
}

function requireAdmin(tokens: TokenService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req, res);
    const viewer = token ? await tokens.verify(token).catch(() => null) : null;
    if (!viewer) res.status(401).json({ error: "Log in as an admin: send Authorization: Bearer <token>, or open this page with ?token=<token>." });
    else if (!isAdmin(viewer.role)) res.status(403).json({ error: "The queue dashboard is for admins." });
    else next();
  };
}

/** Bull Board over every queue, for admins only, under /admin/queues. */
export function createQueueDashboard(queues: readonly Queue[], tokens: TokenService): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(queueDashboardPath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: false })), serverAdapter });
  const router = express.Router();
  router.use(requireAdmin(tokens), serverAdapter.getRouter());
  return router;
}
