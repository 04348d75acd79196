import { unique } from "./fixtures";
import { deleteKeysMatching } from "./redis";

/**
 * A BullMQ prefix of the test's own on the shared Redis, so tests never see
 * each other's jobs; `remove` deletes every key under it afterwards.
 */
export function testQueuePrefix() {
  const prefix = `test-${unique()}`;
  return { prefix, remove: () => deleteKeysMatching(`${prefix}:*`) };
}
