import { createHash } from "node:crypto";

/**
 * A subscription's operation key (operationKeyOf) with the origin its
 * absolute links are built under (Report.url without PUBLIC_URL): the
 * fanout shares one event's frame among subscribers of one key, and
 * subscribers who reached the server by different hosts must not share links.
 * A SHA-256 digest, not the two joined: the fanout looks the key up once per
 * subscriber and event, and comparing thousands of long concatenated strings
 * (each subscriber's its own copy) cost about a microsecond per lookup.
 */
export const originKeyed = (operationKey: string, origin: string): string =>
  createHash("sha256").update(JSON.stringify([origin, operationKey])).digest("base64url");
