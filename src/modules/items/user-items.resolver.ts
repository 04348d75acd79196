import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { type Context } from "../../graphql/context";
import { type ConnectionShape, toConnection } from "../../graphql/pagination/connection";
import { parsePageArgs } from "../../graphql/pagination/page-args";
import { type UserRow } from "../users/user.table";
import { User } from "../users/user.type";
import { type ItemRow } from "./item.table";
import { ItemConnection } from "./item.type";

/** Adds `User.items` from the items feature, so users knows nothing of items. */
@Resolver(() => User)
export class UserItemsResolver {
  @FieldResolver(() => ItemConnection)
  async items(
    @Root() user: UserRow,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<ItemRow>> {
    const page = parsePageArgs(first, after, ctx.app.config.graphql.pageSizeMax);
    const items = await ctx.loaders.items.pageByOwner(page).load(user.id);
    return toConnection(items, () => ctx.loaders.items.countByOwner.load(user.id));
  }
}
