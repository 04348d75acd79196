import { type ReadDb, rowsByIdLoader } from "../../graphql/loader-helpers";
import { type JobRow, jobs } from "./job.table";

export function createJobLoaders(read: ReadDb) {
  return { byId: rowsByIdLoader<JobRow>(read, jobs) };
}

export type JobLoaders = ReturnType<typeof createJobLoaders>;
