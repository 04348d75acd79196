import { type PushSource, pushSource } from "../../graphql/subscriptions/push-source";
import { type JobEventBus, type JobTopic } from "./job.events";
import { isFinal } from "./job.kinds";
import { type JobRow } from "./job.table";

export interface FollowOptions {
  /** Sent first: the job as it stands when the subscription starts. */
  current?: () => Promise<JobRow>;
  /** Complete after a job reaches a final state (jobUpdated), or never (myJobUpdated). */
  endOnFinal: boolean;
}

/**
 * The changes of a topic as a stream, each job's in version order. It
 * subscribes before reading the current row, so no change in between is
 * lost; events older than what was already sent are dropped.
 */
export function followJobs(events: JobEventBus, topic: JobTopic, options: FollowOptions): PushSource<JobRow> {
  return pushSource(async (sink) => {
    const sent = new Map<number, number>();
    const deliver = (job: JobRow) => {
      if ((sent.get(job.id) ?? 0) >= job.version) return;
      sent.set(job.id, job.version);
      sink.next(job);
      if (options.endOnFinal && isFinal(job.state)) sink.end();
    };
    let early: JobRow[] | undefined = [];
    const unsubscribe = await events.subscribe(topic, (job) => (early ? early.push(job) : deliver(job)));
    try {
      if (options.current) deliver(await options.current());
      for (const job of early) deliver(job);
      early = undefined;
    } catch (error) {
      sink.end(error);
    }
    return unsubscribe;
  });
}
