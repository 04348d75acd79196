/**
 * A subscription's operation key (operationKeyOf) with the origin its
 * absolute links are built under (Report.url without PUBLIC_URL): the
 * fanout shares one event's frame among subscribers of one key, and
 * subscribers who reached the server by different hosts must not share links.
 */
export const originKeyed = (operationKey: string, origin: string): string => `${origin}\n${operationKey}`;
