import { Router } from "express";
import { type Health } from "../../infra/health";

/** /healthz: the process answers (liveness). /readyz: it should get traffic (readiness), 200 also while degraded. */
export function healthRoutes(health: Health): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("cache-control", "no-store").json({ status: "ok", pid: process.pid });
  });
  router.get("/readyz", async (_req, res) => {
    const { down = [], ...readiness } = await health.readiness();
    // Each part that is down named at the top (`"redis": "down"`), its reason under `checks`.
    const downParts = Object.fromEntries(down.map((name) => [name, "down"]));
    res
      .status(readiness.ready ? 200 : 503)
      .set("cache-control", "no-store")
      .json({ ...readiness, ...downParts });
  });
  return router;
}
