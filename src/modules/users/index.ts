import { type FeatureModule } from "../feature-module";
import { AuthResolver } from "./auth.resolver";
import { ProfileCache } from "./user.cache";
import { type UsersSettings, usersConfig } from "./user.config";
import { createUserLoaders } from "./user.loader";
import { UserResolver } from "./user.resolver";
import { roleLookup } from "./user.roles";
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

declare module "../../config/feature-config" {
  interface FeatureSettings {
    users: UsersSettings;
  }
  interface FieldLimitNames {
    logIn: true;
    signUp: true;
  }
}

declare module "../../graphql/loaders" {
  interface Loaders {
    users: ReturnType<typeof createUserLoaders>;
  }
}

/** Accounts, profiles, signUp and logIn; other features act on a new account through afterSignUp. */
export const usersModule: FeatureModule = {
  name: "users",
  config: usersConfig,
  resolvers: [UserResolver, AuthResolver],
  // After a write the request reads its own profile changes, not the shared cache.
  loaders: { users: ({ read, app, wrote }) => createUserLoaders(read, wrote ? undefined : app.profileCache) },
  // Identity (core) asks who has which role; the answer is where users are kept.
  provides: ["profileCache", "roleOfUser"],
  services: ({ config, database, redis, metrics }) => ({
    profileCache: new ProfileCache(redis, config.redisKeyPrefix, config.users.profileCacheTtlSeconds, metrics),
    roleOfUser: roleLookup(database),
  }),
};
