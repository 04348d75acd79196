export { clientIdentity } from "./client-identity";
export { type ClientLimitDecision, ClientRateLimiter } from "./client-limit";
export { costLimitPlugin } from "./cost-limit.plugin";
export { type FieldLimitName, FieldRateLimiter, RateLimit } from "./field-limits";
export { persistedQuerySizePlugin } from "./persisted-query-size.plugin";
