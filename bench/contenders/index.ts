import { type Contender, type ContenderName } from "./contender";
import { baseline, mercurius } from "./peers";
import { skein } from "./skein";

/** In the order each round runs them; the baseline first, as the table's reference. */
export const contenders: Record<ContenderName, Contender> = { baseline, mercurius, skein };

export { shippedNodeArgs } from "./shipped-node-args";
export { type Contender, type ContenderName, type ContenderSetup, type RunningContender, contenderNames } from "./contender";
