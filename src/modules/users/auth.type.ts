import { Field, ObjectType } from "type-graphql";
import { User } from "./user.type";
import { type SelfProfile } from "./user.table";

@ObjectType()
export class AuthPayload {
  @Field()
  token: string;

  @Field(() => User)
  user: SelfProfile;
}
