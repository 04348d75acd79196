import { Redis } from "ioredis";

/** An event as both ends name it: the job's id and its updatedAt (epoch ms). */
export const eventKey = (jobId: string | number, updatedAt: number): string => `${jobId}@${updatedAt}`;

/**
 * When each job event of `channel` was published: the `at` every job event
 * envelope carries (src/modules/jobs/job.events.ts), read by a Redis
 * subscriber of the bench's own, so a client's arrival time minus it is the
 * delivery from publish to client the issue asks for, without the time the
 * worker took between writing the row (updatedAt) and publishing it.
 */
export async function watchPublishTimes(redisUrl: string, channel: string): Promise<{ publishedAt: Map<string, number>; stop(): void }> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  const publishedAt = new Map<string, number>();
  redis.on("message", (_channel: string, message: string) => {
    const envelope = JSON.parse(message) as { at: number; job?: { id: number; updatedAt: string } };
    if (envelope.job) publishedAt.set(eventKey(envelope.job.id, Date.parse(envelope.job.updatedAt)), envelope.at);
  });
  await redis.subscribe(channel);
  return { publishedAt, stop: () => redis.disconnect() };
}
