import { type Contender, type ContenderName } from "./contender";
import { baseline, mercurius, skeinSqlBaseline } from "./peers";
import { skein, skeinB, skeinById } from "./skein";

/** In the order each round runs them; the baseline (the least work) first, as the table's reference. */
export const contenders: Record<ContenderName, Contender> = { baseline, "skein-sql": skeinSqlBaseline, mercurius, skein, "skein-id": skeinById, "skein-b": skeinB };

export { shippedNodeArgs } from "./shipped-node-args";
export { type Contender, type ContenderName, type ContenderSetup, type RunningContender, type SkeinVariant, contenderNames } from "./contender";
