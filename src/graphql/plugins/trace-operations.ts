import { type ApolloServerPlugin, type GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { type Context as OtelContext, type Span, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { recordFailure } from "../../infra/tracing/spans";
import { tracer } from "../../infra/tracing/state";
import { inUnsampledTrace, withoutUnsampledSpan } from "../../infra/tracing/unsampled";
import { type Context } from "../context";
import { clientCodeOf } from "../format-error";

/** The operation span's context, by the request's context value: the executor's span goes under it. */
const operations = new WeakMap<object, OtelContext>();

/** The cost the limits plugin reported (extensions.cost, or the QUERY_TOO_COMPLEX error's), if any. */
function costOf({ response, errors }: GraphQLRequestContextWillSendResponse<Context>): number | undefined {
  const extensions = response.body.kind === "single" ? response.body.singleResult.extensions : undefined;
  const cost = (extensions?.cost ?? errors?.find((error) => error.extensions?.cost)?.extensions?.cost) as { requested?: unknown } | undefined;
  return typeof cost?.requested === "number" ? cost.requested : undefined;
}

/** A child of the operation span, ended (failed, with the first error) by the hook Apollo calls when the step ends. */
function step(name: string, parent: OtelContext) {
  const span = tracer.startSpan(name, undefined, parent);
  return async (errors?: Error | ReadonlyArray<Error>) => {
    const error = Array.isArray(errors) ? errors[0] : (errors as Error | undefined);
    if (error) recordFailure(span, error);
    span.end();
  };
}

/**
 * One span per GraphQL operation over HTTP (the fast path and Express alike
 * go through Apollo), named "<type> <name>" with graphql.operation.type and
 * .name, the limits check's cost (skein.graphql.cost), and children for
 * parse and validate; execute is the executor's (withExecuteSpan), so the
 * resolvers' SQL and Redis nest under it. Installed only with tracing on; it
 * runs after the cost limit plugin, whose report it reads. A request the
 * sampler left out gets none of them: they would not be exported.
 */
export function traceOperationsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (inUnsampledTrace()) return;
      const span: Span = tracer.startSpan("GraphQL Operation");
      const parent = trace.setSpan(context.active(), span);
      operations.set(contextValue, parent);
      return {
        parsingDidStart: async () => step("graphql.parse", parent),
        validationDidStart: async () => step("graphql.validate", parent),
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? "unknown";
          const name = operationName ?? operation?.name?.value;
          span.updateName(name ? `${type} ${name}` : type);
          span.setAttribute("graphql.operation.type", type);
          if (name) span.setAttribute("graphql.operation.name", name);
        },
        async willSendResponse(requestContext) {
          const cost = costOf(requestContext);
          if (cost !== undefined) span.setAttribute("skein.graphql.cost", cost);
          const codes = requestContext.errors?.map(clientCodeOf);
          if (codes?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(",") });
          span.end();
        },
      };
    },
  };
}

/**
 * Runs the compiled query in a graphql.execute span under its operation's
 * span, active for the resolvers; an unsampled request's runs without its
 * span in the context, so its SQL and Redis calls make no spans either.
 */
export function withExecuteSpan<T>(contextValue: object, run: () => T | Promise<T>): Promise<T> {
  const parent = operations.get(contextValue);
  if (!parent) return Promise.resolve(withoutUnsampledSpan(run));
  const span = tracer.startSpan("graphql.execute", undefined, parent);
  return Promise.resolve(context.with(trace.setSpan(parent, span), run)).finally(() => span.end());
}
