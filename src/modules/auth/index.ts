import { AuthResolver } from "./auth.resolver";

export const authResolvers = [AuthResolver] as const;
export { TokenService, type Viewer } from "./tokens";
export { ViewerRoles } from "./viewer-roles";
