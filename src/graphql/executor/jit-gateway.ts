import { type GatewayExecutionResult, type GatewayExecutor, type GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, getVariableValues, printSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

type Compiled = CompiledQuery | ExecutionResult;

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
    const query: Compiled = compileQuery(schema, document, operationName ?? undefined);
    byOperation.set(key, query);
    return query;
  };
  return async ({ document, operation, operationName, context, request }): Promise<GatewayExecutionResult> => {
    const badVariables = variableErrors(schema, operation, request.variables);
    if (badVariables) return { errors: badVariables };
    const query = compiledFor(document, operationName);
    const result = isCompiledQuery(query) ? await query.query(undefined, context, request.variables) : query;
    return result.errors ? { ...result, errors: asGraphQLErrors(result.errors) } : (result as GatewayExecutionResult);
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
