import { type GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { type Context, requireViewer } from "../../graphql/context";
import { canSeePrivate } from "../../identity/visibility";
import { parseId } from "../../graphql/ids";
import { Private, ViewerSpecific } from "../../graphql/viewer-specific";
import { ConnectionType, type ConnectionShape, toConnection } from "../../graphql/pagination/connection";
import { AfterArg, FirstArg, pageArgsOf } from "../../graphql/pagination/page-args";
import { ReadsColumns } from "../../graphql/pagination/node-projection";
import { pagedUserColumns } from "./user.loader";
import { UpdateProfileInput } from "./user.input";
import { countUsers, listUsers, updateProfile } from "./user.service";
import { type SelfProfile, type UserProfile, type UserRow } from "./user.table";
import { User } from "./user.type";

export const UserConnection = ConnectionType(User);

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true })
  @ViewerSpecific()
  me(@Ctx() ctx: Context): Promise<UserProfile | null> | null {
    return ctx.viewer ? ctx.loaders.users.byId.load(ctx.viewer.id) : null;
  }

  @Query(() => User, { nullable: true })
  user(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<UserProfile | null> {
    return ctx.loaders.users.byId.load(parseId(id, "id"));
  }

  @Query(() => UserConnection)
  async users(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @FirstArg() first?: number,
    @AfterArg() after?: string,
  ): Promise<ConnectionShape<UserProfile>> {
    const page = await listUsers(ctx.db, pageArgsOf(ctx, first, after), pagedUserColumns(info));
    return toConnection(page, () => countUsers(ctx.db));
  }

  @Mutation(() => User)
  updateProfile(@Arg("input") input: UpdateProfileInput, @Ctx() ctx: Context): Promise<UserRow> {
    return updateProfile(ctx.db, requireViewer(ctx), input, ctx.app.profileCache);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Visible to the user themself and to admins; null for everyone else.",
  })
  @Private()
  @ReadsColumns("id", "email")
  email(@Root() user: UserProfile | SelfProfile, @Ctx() ctx: Context): string | null {
    return ("shownToSelf" in user && user.shownToSelf) || canSeePrivate(ctx.viewer, user.id) ? user.email : null;
  }
}

