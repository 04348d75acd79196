import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { type Context, requireSelfOrAdmin } from "../../graphql/context";
import { type ConnectionShape, toConnection } from "../../graphql/pagination/connection";
import { parsePageArgs } from "../../graphql/pagination/page-args";
import { type UserRow } from "../users/user.table";
import { User } from "../users/user.type";
import { type OrderRow } from "./order.table";
import { OrderConnection } from "./order.type";

/** Adds `User.orders` from the orders feature. */
@Resolver(() => User)
export class UserOrdersResolver {
  @FieldResolver(() => OrderConnection, {
    description: "The user's own orders; FORBIDDEN for anyone but the user and admins.",
  })
  async orders(
    @Root() user: UserRow,
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<ConnectionShape<OrderRow>> {
    requireSelfOrAdmin(ctx, user.id);
    const page = parsePageArgs(first, after, ctx.app.config.graphql.pageSizeMax);
    const orders = await ctx.loaders.orders.pageByBuyer(page).load(user.id);
    return toConnection(orders, () => ctx.loaders.orders.countByBuyer.load(user.id));
  }
}
