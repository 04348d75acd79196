import { type GatewayExecutionResult, type GatewayExecutor, type GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, getVariableValues, printSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { tracingOn } from "../../infra/tracing/state";
import { withExecuteSpan } from "../plugins/trace-operations";

type Compiled = CompiledQuery | ExecutionResult;

/**
 * The compiled JSON writer of each result's query, by the result's `data`
 * object (Apollo passes that object through to stringifyResult untouched).
 * Weak: a result's entry goes with the result.
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
export function stringifyResult(result: FormattedExecutionResult): string {
  const write = result.data && !result.errors ? writers.get(result.data) : undefined;
  if (!write) return genericJson(result);
  const json = write({ data: result.data });
  return result.extensions ? `${json.slice(0, -1)},"extensions":${JSON.stringify(result.extensions)}}\n` : `${json}\n`;
}

/**
 * A compiled query with a JSON writer for its result shape when every leaf
 * is a JSON primitive; graphql-jit refuses to write custom scalars
 * (DateTime, JSON), so those queries are compiled without one.
 */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled {
  const withWriter = compileQuery(schema, document, operationName, { customJSONSerializer: true });
  return isCompiledQuery(withWriter) ? withWriter : compileQuery(schema, document, operationName);
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
 * Compiles each document once (graphql-jit) and runs the compiled function
 * on every later request. Apollo keeps one parsed DocumentNode per query
 * text, so a document's identity is a stable cache key and the cache goes
 * with it when Apollo evicts the document.
 */
export function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? "";
    const cached = byOperation.get(key);
    if (cached) return cached;
    const query = compile(schema, document, operationName ?? undefined);
    byOperation.set(key, query);
    return query;
  };
  return async ({ document, operation, operationName, context, request }): Promise<GatewayExecutionResult> => {
    const badVariables = variableErrors(schema, operation, request.variables);
    if (badVariables) return { errors: badVariables };
    const query = compiledFor(document, operationName);
    const run = isCompiledQuery(query) ? () => query.query(undefined, context, request.variables) : undefined;
    const result = !run ? (query as ExecutionResult) : await (tracingOn() ? withExecuteSpan(context, run) : run());
    if (result.errors) return { ...result, errors: asGraphQLErrors(result.errors) };
    if (result.data && isCompiledQuery(query)) writers.set(result.data, query.stringify);
    return result as GatewayExecutionResult;
  };
}

/**
 * Apollo Server's gateway interface, used here only to swap its executor:
 * Apollo still parses, validates and runs every plugin; the schema and
 * type-graphql's resolvers are the same. WebSocket subscriptions do not go
 * through Apollo, so they are not affected.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    load: async () => ({ executor: jitExecutor(schema) }),
    stop: async () => {},
  };
}
