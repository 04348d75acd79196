import { BatchedStatement } from "../../db/batched-statement";
import { type Database } from "../../db/database";
import { isDatabaseUnavailable } from "../../db/errors";
import { ServiceUnavailableError } from "../../errors";
import { type RoleLookup } from "../../identity/viewer-roles";
import { userRoleReader } from "./user.service";

const unavailable = () => new ServiceUnavailableError("The database is unavailable; try again shortly.");

/**
 * Who has which role, for identity's role cache: the primary's answer
 * (roles change there, and a read right after must see it); while the
 * primary does not answer, a replica's, so signed-in reads go on with the
 * replicas (a role may then be up to REPLICA_MAX_LAG_MS old). With no
 * database to ask, SERVICE_UNAVAILABLE (503), never a 500.
 */
export function roleLookup(database: Database): RoleLookup {
  // The roles of users not seen for a while, read together for the requests that arrive together.
  const fromPrimary = new BatchedStatement(userRoleReader(database.primary));
  // database.reader() at each batch: the replica in rotation then (the primary when none is).
  const fromReplica = new BatchedStatement((userIds: number[]) => userRoleReader(database.reader())(userIds));
  return async (userId) => {
    try {
      return await fromPrimary.call(userId);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (!database.hasReplicas) throw unavailable();
      return fromReplica.call(userId).catch((replicaError: unknown) => {
        throw isDatabaseUnavailable(replicaError) ? unavailable() : replicaError;
      });
    }
  };
}
