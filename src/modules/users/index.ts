import { UserResolver } from "./user.resolver";

export const userResolvers = [UserResolver] as const;
