import { type GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import { type Context } from "../../graphql/context";
import { childConnection } from "../../graphql/child-pages";
import { type ConnectionShape } from "../../graphql/pagination/connection";
import { AfterArg, FirstArg, pageArgsOf } from "../../graphql/pagination/page-args";
import { ReadsColumns } from "../../graphql/pagination/node-projection";
import { type UserProfile } from "../users/user.table";
import { User } from "../users/user.type";
import { type ItemRow } from "./item.table";
import { ownedItemColumns } from "./item.loader";
import { ItemConnection } from "./item.type";

/** Adds `User.items` from the items feature, so users knows nothing of items. */
@Resolver(() => User)
export class UserItemsResolver {
  @FieldResolver(() => ItemConnection)
  @ReadsColumns("id")
  items(
    @Root() user: UserProfile,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @FirstArg() first?: number,
    @AfterArg() after?: string,
  ): Promise<ConnectionShape<ItemRow>> {
    // These items' owner is this user: their `owner` fields need no read.
    ctx.loaders.users.hold(user);
    return childConnection(ctx.loaders.items.byOwner, user.id, pageArgsOf(ctx, first, after), ownedItemColumns(info));
  }
}
