import { type BenchRequest } from "../queries";

export interface LoadOptions {
  request: BenchRequest;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests completed. */
  requests: number;
  /** Non-2xx responses, errors and timeouts. */
  failed: number;
}
