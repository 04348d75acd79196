import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { type Context, requireSelfOrAdmin } from "../../graphql/context";
import { childConnection } from "../../graphql/child-pages";
import { type ConnectionShape } from "../../graphql/pagination/connection";
import { Private } from "../../graphql/viewer-specific";
import { AfterArg, FirstArg, pageArgsOf } from "../../graphql/pagination/page-args";
import { ReadsColumns } from "../../graphql/pagination/node-projection";
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
  @Private()
  @ReadsColumns("id")
  orders(
    @Root() user: UserRow,
    @Ctx() ctx: Context,
    @FirstArg() first?: number,
    @AfterArg() after?: string,
  ): Promise<ConnectionShape<OrderRow>> {
    requireSelfOrAdmin(ctx, user.id);
    return childConnection(ctx.loaders.orders.byBuyer, user.id, pageArgsOf(ctx, first, after));
  }
}
