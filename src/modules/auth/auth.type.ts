import { Field, ObjectType } from "type-graphql";
import { User } from "../users/user.type";
import { type SelfProfile } from "../users/user.table";

@ObjectType()
export class AuthPayload {
  @Field()
  token: string;

  @Field(() => User)
  user: SelfProfile;
}
