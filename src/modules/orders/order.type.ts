import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConnectionType } from "../../graphql/pagination/connection";

@ObjectType({ simpleResolvers: true })
export class Order {
  @Field(() => ID)
  id: number;

  @Field(() => Int)
  quantity: number;

  @Field(() => Int)
  totalCents: number;

  @Field()
  createdAt: Date;
}

export const OrderConnection = ConnectionType(Order);
