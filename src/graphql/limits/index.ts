export { clientIdentity } from "./client-identity";
export { type ClientLimitDecision, ClientRateLimiter } from "./client-limit";
export { costLimitPlugin } from "./cost-limit.plugin";
export { FieldRateLimiter, RateLimit } from "./field-limits";
export { persistedQuerySizePlugin } from "./persisted-query-size.plugin";
