import { IsEmail, IsOptional, Length, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

export const nameLength = { min: 1, max: 100 };
export const passwordLength = { min: 8, max: 128 };

@InputType()
export class SignUpInput {
  @Field()
  @Length(nameLength.min, nameLength.max, { message: "name must be 1 to 100 characters" })
  name: string;

  @Field()
  @MaxLength(254)
  @IsEmail({}, { message: "email must be an email address" })
  email: string;

  @Field()
  @Length(passwordLength.min, passwordLength.max, { message: "password must be 8 to 128 characters" })
  password: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(nameLength.min, nameLength.max, { message: "name must be 1 to 100 characters" })
  name?: string | null;
}
