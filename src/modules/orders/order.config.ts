import { type FeatureConfig, type SectionEnv, configSection, positiveInt } from "../../config";

/** The orders feature's variables, with their defaults and units. */
const ordersEnv = {
  /** placeOrder idempotency keys older than this are cleared (by the maintenance job). */
  IDEMPOTENCY_KEY_TTL_SECONDS: positiveInt.default(24 * 3600),
};

const ordersSettingsFrom = (raw: SectionEnv<typeof ordersEnv>) => ({ idempotencyKeyTtlSeconds: raw.IDEMPOTENCY_KEY_TTL_SECONDS });

/** config.orders */
export type OrdersSettings = Readonly<ReturnType<typeof ordersSettingsFrom>>;

export const ordersConfig: FeatureConfig = {
  section: configSection("orders", ordersEnv, ordersSettingsFrom),
  fieldLimits: { placeOrder: { max: 30, windowSeconds: 60 } },
};
