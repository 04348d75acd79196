import { type GatewayExecutionResult, type GatewayExecutor, type GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, type FormattedExecutionResult, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, execute, getVariableValues, printSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { BoundedCache } from "../../infra/bounded-cache";
import { type Metrics } from "../../infra/metrics";
import { tracingOn } from "../../infra/tracing/state";
import { withExecuteSpan } from "../plugins/trace-operations";
import { documentNeedsGraphQLJs, sendsNullForDefault } from "./jit-fallback";

/** A document's compiled query, or graphql-js's execute where graphql-jit would answer differently. */
type Compiled = CompiledQuery | "graphql-js";

/**
 * Compiled operations kept at most (least recently used first out). Each
 * holds generated code and a JSON writer, about 70 to 100 KB beside the
 * AST Apollo's document cache counts: this bounds them to tens of MB
 * whatever number of distinct queries clients send.
 */
export const compiledOperationsMax = 500;

/**
 * The compiled JSON writer of each result's query, by the result's `data`
 * object: Apollo passes that object through to stringifyResult untouched,
 * which skein_graphql_results_written_total{writer="compiled"} shows (and
 * a test asserts). Weak: a result's entry goes with the result.
 */
const writers = new WeakMap<object, CompiledQuery["stringify"]>();

/** Apollo's own output: JSON and a newline. */
const genericJson = (result: FormattedExecutionResult): string => `${JSON.stringify(result)}\n`;

/**
 * Apollo's `stringifyResult`: a result without errors is written by its
 * query's compiled writer (fast-json-stringify: each field's key and kind is
 * known, so no generic walk over hundreds of rows); anything else by
 * JSON.stringify. `extensions` (the cost report) is not in the compiled
 * shape and is appended; the field order stays Apollo's (errors, data, extensions).
 */
export function resultWriter(metrics: Pick<Metrics, "graphqlResultsWritten">): (result: FormattedExecutionResult) => string {
  const compiledWrites = metrics.graphqlResultsWritten.labels("compiled");
  const genericWrites = metrics.graphqlResultsWritten.labels("generic");
  return (result) => {
    const write = result.data && !result.errors ? writers.get(result.data) : undefined;
    if (!write) {
      genericWrites.inc();
      return genericJson(result);
    }
    compiledWrites.inc();
    const json = write({ data: result.data });
    return result.extensions ? `${json.slice(0, -1)},"extensions":${JSON.stringify(result.extensions)}}\n` : `${json}\n`;
  };
}

/**
 * A compiled query with a JSON writer for its result shape when every leaf
 * is a JSON primitive; graphql-jit refuses to write custom scalars
 * (DateTime, JSON), so those queries are compiled without one. A document
 * graphql-jit cannot compile, or would answer differently
 * (documentNeedsGraphQLJs), runs on graphql-js.
 */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled {
  if (documentNeedsGraphQLJs(document)) return "graphql-js";
  const withWriter = compileQuery(schema, document, operationName, { customJSONSerializer: true });
  if (isCompiledQuery(withWriter)) return withWriter;
  const plain = compileQuery(schema, document, operationName);
  return isCompiledQuery(plain) ? plain : "graphql-js";
}

/** What graphql-jit reports: its own error type, not graphql-js's. */
interface JitError {
  message: string;
  locations?: GraphQLError["locations"];
  path?: ReadonlyArray<string | number>;
  originalError?: Error;
  extensions?: GraphQLError["extensions"];
}

/**
 * graphql-js errors with the same message, path, locations and cause:
 * Apollo, formatError and the error-logging plugin recognise only those
 * (a foreign error would lose its path and its code).
 */
function asGraphQLErrors(errors: ReadonlyArray<JitError>): GraphQLError[] {
  // graphql-jit's errors pass `instanceof GraphQLError` (its prototype chain) but lack
  // graphql-js's fields (extensions may be undefined): every one is rebuilt.
  return errors.map((error) => {
    const { message, path, originalError, extensions } = error;
    const converted = new GraphQLError(message, { path, originalError, extensions });
    (converted as { locations?: GraphQLError["locations"] }).locations = error.locations;
    return converted;
  });
}

/**
 * Variables are coerced by graphql-js first, so a bad variable gets the
 * error (and Apollo's 400 BAD_USER_INPUT) that graphql-js's executor gives.
 */
function variableErrors(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined) {
  if (!operation.variableDefinitions?.length) return undefined;
  return getVariableValues(schema, operation.variableDefinitions, variables ?? {}).errors;
}

/**
 * Compiles each operation once (graphql-jit) and runs the compiled function
 * on every later request of the same document. Apollo keeps one parsed
 * DocumentNode per query text, so a document's identity is a stable cache
 * key; the cache counts compiled operations (skein_memory_cache_entries).
 */
export function jitExecutor(schema: GraphQLSchema, metrics: Pick<Metrics, "observeCache" | "graphqlExecutions">): GatewayExecutor {
  const compiled = new BoundedCache<DocumentNode, Map<string, Compiled>>({
    maxEntries: compiledOperationsMax,
    maxWeight: compiledOperationsMax,
    weightOf: (byOperation) => byOperation.size,
  });
  metrics.observeCache("compiled_operations", { get size() { return compiled.weight; } });
  const jitRuns = metrics.graphqlExecutions.labels("jit");
  const graphqlJsRuns = metrics.graphqlExecutions.labels("graphql-js");
  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    const byOperation = compiled.get(document) ?? new Map<string, Compiled>();
    const key = operationName ?? "";
    const cached = byOperation.get(key);
    if (cached) return cached;
    const query = compile(schema, document, operationName ?? undefined);
    byOperation.set(key, query);
    // Set again: the entry's weight is its number of operations.
    compiled.set(document, byOperation);
    return query;
  };
  return async ({ document, operation, operationName, context, request }): Promise<GatewayExecutionResult> => {
    const graphqlJs = async () => {
      graphqlJsRuns.inc();
      return (await execute({ schema, document, operationName: request.operationName, contextValue: context, variableValues: request.variables })) as GatewayExecutionResult;
    };
    // No operation (several without operationName, or an unknown one): graphql-js's error, which Apollo answers with 400.
    if (!operation) return graphqlJs();
    const badVariables = variableErrors(schema, operation, request.variables);
    if (badVariables) return { errors: badVariables };
    const query = compiledFor(document, operationName);
    if (query === "graphql-js" || sendsNullForDefault(operation, request.variables)) return graphqlJs();
    jitRuns.inc();
    const run = () => query.query(undefined, context, request.variables);
    const result = await (tracingOn() ? withExecuteSpan(context, run) : run());
    if (result.errors) return { ...result, errors: asGraphQLErrors(result.errors) };
    if (result.data) writers.set(result.data, query.stringify);
    return result as GatewayExecutionResult;
  };
}

/**
 * Apollo Server's gateway interface, used here only to swap its executor:
 * Apollo still parses, validates and runs every plugin; the schema and
 * type-graphql's resolvers are the same. WebSocket subscriptions do not go
 * through Apollo, so they are not affected.
 */
export function jitGateway(schema: GraphQLSchema, metrics: Pick<Metrics, "observeCache" | "graphqlExecutions">): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: async () => ({ executor: jitExecutor(schema, metrics) }),
    stop: async () => {},
  };
}
