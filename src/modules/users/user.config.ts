import { type FeatureConfig, type SectionEnv, configSection, positiveInt } from "../../config";

/** The users feature's variables, with their defaults and units. */
const usersEnv = {
  /** How long a user profile stays in the Redis cache. */
  PROFILE_CACHE_TTL_SECONDS: positiveInt.default(60),
};

const usersSettingsFrom = (raw: SectionEnv<typeof usersEnv>) => ({ profileCacheTtlSeconds: raw.PROFILE_CACHE_TTL_SECONDS });

/** config.users */
export type UsersSettings = Readonly<ReturnType<typeof usersSettingsFrom>>;

export const usersConfig: FeatureConfig = {
  section: configSection("users", usersEnv, usersSettingsFrom),
  fieldLimits: {
    // Per client and email, so one address cannot lock everyone out of an account.
    logIn: { max: 5, windowSeconds: 60, identityArgs: ["email"] },
    signUp: { max: 5, windowSeconds: 3_600 },
  },
};
