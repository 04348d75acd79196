/**
 * A WAL position (PostgreSQL's pg_lsn, written `16/B374D848`) as a number of
 * bytes, so positions compare with < and subtract into a lag in bytes.
 */
export type Lsn = bigint;

const lsnText = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The position `text` names; undefined when it is not an LSN (a client's header may be anything). */
export function parseLsn(text: string | null | undefined): Lsn | undefined {
  const match = text ? lsnText.exec(text.trim()) : null;
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export const formatLsn = (lsn: Lsn): string => `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;

/** The later of two positions; undefined only when both are. */
export function laterLsn(a: Lsn | undefined, b: Lsn | undefined): Lsn | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
