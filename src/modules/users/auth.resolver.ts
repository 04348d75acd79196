import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { type Context } from "../../graphql/context";
import { RateLimit } from "../../graphql/limits";
import { SignUpInput } from "./user.input";
import { authenticate, createUser } from "./user.service";
import { type UserRow } from "./user.table";
import { AuthPayload } from "./auth.type";

async function issueToken(ctx: Context, user: UserRow): Promise<AuthPayload> {
  const token = await ctx.app.tokens.sign({ id: user.id, role: user.role });
  // The request's viewer stays who sent it (limits count them); only the payload's user is shown as to themself.
  return { token, user: { ...user, shownToSelf: true } };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: "Creates the account and enqueues its WELCOME_EMAIL job." })
  @RateLimit("signUp")
  async signUp(@Arg("input") input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return issueToken(ctx, await createUser(ctx.db, ctx.app.hooks, input));
  }

  @Mutation(() => AuthPayload)
  @RateLimit("logIn")
  async logIn(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    return issueToken(ctx, await authenticate(ctx.app.database.primary, email, password));
  }
}
