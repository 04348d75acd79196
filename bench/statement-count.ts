import { type RunningContender } from "./contenders";
import { type QueryName, graphqlRequest, send } from "./queries";

/** Sequential requests per count: enough to average out a cache entry that expired in between. */
const probeRequests = 20;

/**
 * SQL statements per request, counted by the contender itself (Skein's
 * skein_db_statements_total, the peers' own counter) around requests sent
 * one at a time, so no request in flight is cut in half by the count.
 */
export async function statementsPerRequest(contender: RunningContender, query: QueryName, token: string): Promise<number> {
  const before = await contender.statements();
  for (let sent = 0; sent < probeRequests; sent++) await send(graphqlRequest(contender.url, query, token, contender.form));
  return ((await contender.statements()) - before) / probeRequests;
}
