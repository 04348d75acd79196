import { type GraphQLResolveInfo } from "graphql";
import { type Identity, getFieldIdentity, getGraphQLRateLimiter } from "graphql-rate-limit";
import { type Redis } from "ioredis";
import { createMethodMiddlewareDecorator } from "type-graphql";
import { type Config, type FieldLimitName } from "../../config";
import { type Metrics } from "../../infra/metrics";
import { type Context } from "../context";
import { RateLimitedError } from "../../errors";
import { clientIdentity } from "./client-identity";
import { SlidingWindowStore } from "./sliding-window-store";

interface ResolverCall {
  args: Record<string, unknown>;
  context: Context;
  info: GraphQLResolveInfo;
}

type Limiter = ReturnType<typeof getGraphQLRateLimiter>;

interface Rule {
  limiter: Limiter;
  store: SlidingWindowStore;
  max: number;
  window: string;
  /** Arguments that narrow the limit beyond the client; top-level strings, compared trimmed and lower-cased. */
  identityArgs: string[];
}

const identifyContext = (context: Context): string => clientIdentity(context.viewer, context.clientIp);

/**
 * graphql-rate-limit's limiter per field limit, each over its own atomic
 * store. The limits are those the features declare (their config's
 * `fieldLimits`), sized by RATE_LIMIT_<NAME>_MAX and ..._WINDOW_SECONDS.
 */
export class FieldRateLimiter {
  private readonly rules = new Map<FieldLimitName, Rule>();

  constructor(
    private readonly limits: Config["limits"],
    redis: Redis | undefined,
    keyPrefix: string,
    private readonly metrics: Metrics,
  ) {
    for (const name of Object.keys(limits.fields) as FieldLimitName[]) {
      const { max, windowSeconds, identityArgs } = limits.fields[name];
      const store = new SlidingWindowStore({ max, windowMs: windowSeconds * 1000, keyPrefix: `${keyPrefix}rl:${name}:` }, redis);
      const limiter = getGraphQLRateLimiter({
        store,
        identifyContext,
        formatError: ({ fieldName }) => `Too many ${fieldName} calls: at most ${max} every ${windowSeconds} seconds.`,
      });
      this.rules.set(name, { limiter, store, max, window: `${windowSeconds}s`, identityArgs: [...identityArgs] });
    }
  }

  /** Counts one call; throws RateLimitedError (with retryAfterSeconds) when over the limit. */
  async check(name: FieldLimitName, { args, context, info }: ResolverCall): Promise<void> {
    if (!this.limits.enabled) return;
    const rule = this.rules.get(name);
    // A feature that puts a field under a limit declares the limit's size too (its config's fieldLimits).
    if (!rule) throw new Error(`no feature in the list declares the field limit ${name}`);
    const keyArgs = { ...args, ...normalized(args, rule.identityArgs) };
    const message = await rule.limiter(
      { parent: undefined, args: keyArgs, context, info },
      { max: rule.max, window: rule.window, identityArgs: rule.identityArgs, uncountRejected: true },
    );
    if (!message) return;
    this.metrics.rateLimited.labels(name).inc();
    const identity: Identity = {
      contextIdentity: identifyContext(context),
      fieldIdentity: getFieldIdentity(info.fieldName, rule.identityArgs, keyArgs),
    };
    throw new RateLimitedError(await rule.store.retryAfterSeconds(identity), message);
  }
}

function normalized(args: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(args[name] ?? "").trim().toLowerCase()]));
}

/**
 * Puts a mutation or field under one of the named limits, e.g.
 * `@RateLimit("logIn")`. Over the limit, that field gets RATE_LIMITED; the
 * other fields of the operation still resolve.
 */
export const RateLimit = (name: FieldLimitName): MethodDecorator =>
  createMethodMiddlewareDecorator<Context>(async ({ args, context, info }, next) => {
    await context.app.rateLimits.check(name, { args, context, info });
    return next();
  });
