import { startTracing } from "./start";

// Imported first by src/main.ts (see startTracing): the API, and each API process of a cluster.
startTracing("skein-api");
