import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { type Context, requireViewer } from "../../graphql/context";
import { RateLimit } from "../../graphql/limits";
import { parseId } from "../../graphql/ids";
import { type ItemRow } from "../items/item.table";
import { Item } from "../items/item.type";
import { type UserProfile } from "../users/user.table";
import { User } from "../users/user.type";
import { placeOrder } from "./order.service";
import { type OrderRow } from "./order.table";
import { Order } from "./order.type";

@Resolver(() => Order)
export class OrderResolver {
  @Mutation(() => Order, {
    description:
      "Atomic: never sells more than the stock, whatever the concurrency. Same idempotencyKey from the same buyer returns the same order.",
  })
  @RateLimit("placeOrder")
  placeOrder(
    @Arg("itemId", () => ID) itemId: string,
    @Arg("quantity", () => Int) quantity: number,
    @Ctx() ctx: Context,
    @Arg("idempotencyKey", () => String, { nullable: true }) idempotencyKey?: string,
  ): Promise<OrderRow> {
    return placeOrder(ctx.db, requireViewer(ctx), { itemId: parseId(itemId, "itemId"), quantity, idempotencyKey: idempotencyKey ?? undefined });
  }

  @FieldResolver(() => Item)
  async item(@Root() order: OrderRow, @Ctx() ctx: Context): Promise<ItemRow> {
    return (await ctx.loaders.items.byId.load(order.itemId))!;
  }

  @FieldResolver(() => User)
  async buyer(@Root() order: OrderRow, @Ctx() ctx: Context): Promise<UserProfile> {
    return (await ctx.loaders.users.byId.load(order.buyerId))!;
  }
}
