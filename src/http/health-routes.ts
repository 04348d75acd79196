import { Router } from "express";
import { type Health } from "../infra/health";

/** /healthz: the process answers (liveness). /readyz: it should get traffic (readiness). */
export function healthRoutes(health: Health): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.set("cache-control", "no-store").json({ status: "ok", pid: process.pid });
  });
  router.get("/readyz", async (_req, res) => {
    const readiness = await health.readiness();
    res
      .status(readiness.ready ? 200 : 503)
      .set("cache-control", "no-store")
      .json({ status: readiness.ready ? "ready" : "not ready", ...readiness });
  });
  return router;
}
