import { startTracing } from "./start";

// Imported first by src/worker.ts (see startTracing).
startTracing("skein-worker");
