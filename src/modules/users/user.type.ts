import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { literalEnum } from "../../graphql/enums";
import { type Role as RoleName, roles } from "../../identity/roles";

export const Role = literalEnum<RoleName>(roles);
registerEnumType(Role, { name: "Role" });

@ObjectType({ simpleResolvers: true })
export class User {
  @Field(() => ID)
  id: number;

  @Field()
  name: string;

  @Field(() => Role)
  role: RoleName;

  @Field()
  createdAt: Date;
}
