import { setTimeout as sleep } from "node:timers/promises";
import { graphql } from "../__generated__";
import { type GraphQLClient } from "./client";

export const JobById = graphql(`
  query JobById($id: ID!) {
    job(id: $id) { id kind state progress attempts maxAttempts error result report { id url sizeBytes kind } }
  }
`);

export const MyJobs = graphql(`
  query MyJobs($state: JobState) {
    jobs(first: 20, state: $state) { totalCount nodes { id kind state attempts } }
  }
`);

const finished = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

/** Reads the job until it is in a final state, as a client polling it would. */
export async function waitForFinalJob(client: GraphQLClient, id: string) {
  for (;;) {
    const { job } = await client.data(JobById, { id });
    if (!job) throw new Error(`job ${id} is not visible`);
    if (finished.has(job.state)) return job;
    await sleep(25);
  }
}
