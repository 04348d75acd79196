import { type FeatureConfig, configSection, positiveInt } from "../../config";

/** The orders feature's settings (config.orders) and its field's rate limit. */
export const ordersConfig: FeatureConfig = {
  section: configSection(
    "orders",
    {
      /** placeOrder idempotency keys older than this are cleared (by the maintenance job). */
      IDEMPOTENCY_KEY_TTL_SECONDS: positiveInt.default(24 * 3600),
    },
    (raw) => ({ idempotencyKeyTtlSeconds: raw.IDEMPOTENCY_KEY_TTL_SECONDS }),
  ),
  fieldLimits: { placeOrder: { max: 30, windowSeconds: 60 } },
};

export interface OrdersSettings {
  readonly idempotencyKeyTtlSeconds: number;
}
