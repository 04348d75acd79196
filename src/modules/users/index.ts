import { type FeatureModule } from "../feature-module";
import { AuthResolver } from "./auth.resolver";
import { ProfileCache } from "./user.cache";
import { createUserLoaders } from "./user.loader";
import { UserResolver } from "./user.resolver";
import { type AfterSignUp, type AfterSignUpCommit } from "./user.service";

declare module "../../graphql/context" {
  interface FeatureServices {
    profileCache: ProfileCache;
  }
  interface FeatureHooks {
    afterSignUp: AfterSignUp;
    afterSignUpCommit: AfterSignUpCommit;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    users: ReturnType<typeof createUserLoaders>;
  }
}

/** Accounts, profiles, signUp and logIn; other features act on a new account through afterSignUp. */
export const usersModule: FeatureModule = {
  resolvers: [UserResolver, AuthResolver],
  // After a write the request reads its own profile changes, not the shared cache.
  loaders: { users: ({ read, app, wrote }) => createUserLoaders(read, wrote ? undefined : app.profileCache) },
  services: ({ config, redis, metrics }) => ({
    profileCache: new ProfileCache(redis, config.redisKeyPrefix, config.cache.profileTtlSeconds, metrics),
  }),
};

export { userRoleReader } from "./user.service";
