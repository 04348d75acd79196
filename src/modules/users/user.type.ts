import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

export enum Role {
  USER = "USER",
  ADMIN = "ADMIN",
}
registerEnumType(Role, { name: "Role" });

@ObjectType({ simpleResolvers: true })
export class User {
  @Field(() => ID)
  id: number;

  @Field()
  name: string;

  @Field(() => Role)
  role: Role;

  @Field()
  createdAt: Date;
}
