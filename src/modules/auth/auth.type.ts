import { Field, ObjectType } from "type-graphql";
import { User } from "../users/user.type";
import { type UserRow } from "../users/user.table";

@ObjectType()
export class AuthPayload {
  @Field()
  token: string;

  @Field(() => User)
  user: UserRow;
}
