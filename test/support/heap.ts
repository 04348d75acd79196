import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
/** V8's full collection, without starting the test runner with --expose-gc. */
const collectGarbage = runInNewContext("gc") as () => void;

/** Bytes of this process's heap still reachable: garbage collected first, so a test measures what is held, not what awaits collection. */
export function heapHeld(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
