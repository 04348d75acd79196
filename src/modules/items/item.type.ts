import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../graphql/pagination/connection";

@ObjectType({ simpleResolvers: true })
export class Item {
  @Field(() => ID)
  id: number;

  @Field()
  sku: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => Int)
  priceCents: number;

  @Field(() => Int)
  stock: number;

  @Field()
  createdAt: Date;
}

export const ItemConnection = ConnectionType(Item);
