import { type GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { type Context, requireViewer } from "../../graphql/context";
import { parseId } from "../../graphql/ids";
import { type ConnectionShape, toConnection } from "../../graphql/pagination/connection";
import { AfterArg, FirstArg, pageArgsOf } from "../../graphql/pagination/page-args";
import { ReadsColumns } from "../../graphql/pagination/node-projection";
import { userColumns } from "../users/user.loader";
import { type UserProfile } from "../users/user.table";
import { User } from "../users/user.type";
import { CreateItemInput } from "./item.input";
import { countItems, createItem, listItems } from "./item.service";
import { type ItemRow } from "./item.table";
import { Item, ItemConnection } from "./item.type";

@Resolver(() => Item)
export class ItemResolver {
  @Query(() => Item, { nullable: true })
  item(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ItemRow | null> {
    return ctx.loaders.items.byId.load(parseId(id, "id"));
  }

  @Query(() => ItemConnection)
  async items(
    @Ctx() ctx: Context,
    @FirstArg() first?: number,
    @AfterArg() after?: string,
    @Arg("ownerId", () => ID, { nullable: true }) ownerIdArg?: string,
  ): Promise<ConnectionShape<ItemRow>> {
    const ownerId = ownerIdArg ? parseId(ownerIdArg, "ownerId") : undefined;
    const page = await listItems(ctx.db, pageArgsOf(ctx, first, after), ownerId);
    return toConnection(page, () => countItems(ctx.db, ownerId));
  }

  @Mutation(() => Item)
  createItem(@Arg("input") input: CreateItemInput, @Ctx() ctx: Context): Promise<ItemRow> {
    return createItem(ctx.db, requireViewer(ctx), input);
  }

  @FieldResolver(() => User)
  @ReadsColumns("ownerId")
  owner(@Root() item: ItemRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): UserProfile | Promise<UserProfile | null> {
    // Never null: items.owner_id references users (on delete cascade).
    return ctx.loaders.users.get(item.ownerId, userColumns(info));
  }
}
