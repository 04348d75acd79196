import { AuthResolver } from "./auth.resolver";
import { UserResolver } from "./user.resolver";

export const userResolvers = [UserResolver, AuthResolver] as const;
