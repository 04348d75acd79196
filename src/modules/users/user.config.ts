import { type FeatureConfig, configSection, positiveInt } from "../../config";

/** The users feature's settings (config.users) and its fields' rate limits. */
export const usersConfig: FeatureConfig = {
  section: configSection(
    "users",
    {
      /** How long a user profile stays in the Redis cache. */
      PROFILE_CACHE_TTL_SECONDS: positiveInt.default(60),
    },
    (raw) => ({ profileCacheTtlSeconds: raw.PROFILE_CACHE_TTL_SECONDS }),
  ),
  fieldLimits: {
    // Per client and email, so one address cannot lock everyone out of an account.
    logIn: { max: 5, windowSeconds: 60, identityArgs: ["email"] },
    signUp: { max: 5, windowSeconds: 3_600 },
  },
};

export interface UsersSettings {
  readonly profileCacheTtlSeconds: number;
}
