import { IsInt, IsOptional, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, InputType, Int } from "type-graphql";

/** Prices and stock are capped so a line total always fits a GraphQL Int. */
export const itemLimits = { maxPriceCents: 10_000_000, maxStock: 1_000_000 };

@InputType()
export class CreateItemInput {
  @Field()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: "sku must be 1 to 64 letters, digits, dots, dashes or underscores",
  })
  sku: string;

  @Field()
  @Length(1, 200, { message: "name must be 1 to 200 characters" })
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: "description must be at most 2000 characters" })
  description?: string | null;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: "priceCents must not be negative" })
  @Max(itemLimits.maxPriceCents, { message: `priceCents must be at most ${itemLimits.maxPriceCents}` })
  priceCents: number;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: "stock must not be negative" })
  @Max(itemLimits.maxStock, { message: `stock must be at most ${itemLimits.maxStock}` })
  stock: number;
}
