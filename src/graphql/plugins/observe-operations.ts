import { type ApolloServerPlugin } from "@apollo/server";
import { type Logger } from "pino";
import { requestLineLogger } from "../../infra/logger";
import { type Metrics } from "../../infra/metrics";
import { type Context } from "../context";
import { clientCodeOf } from "../format-error";
import { logResolverFaults } from "./error-logging";
import { summarizeOperation } from "./operation";

/**
 * Operation names come from clients: past this many distinct names, new ones
 * are counted as "other", so a client cannot grow the metrics without bound.
 */
const operationNameLimit = 500;

/**
 * Longest name kept as a label. Every scrape repeats each label on about
 * twenty lines (counter and histogram buckets), so with 500 names this
 * bounds what the names add to /metrics to well under a megabyte.
 */
const operationNameMaxLength = 64;
const labelSafeName = /^[A-Za-z0-9_]+$/;

/** A name longer than operationNameMaxLength, or with other characters, is counted as "invalid". */
const invalidName = "invalid";

function operationLabeler(): (name: string) => string {
  const known = new Set<string>();
  return (name) => {
    // The length test first, so the pattern never runs over a long name.
    if (name.length > operationNameMaxLength || !labelSafeName.test(name)) return invalidName;
    if (known.has(name)) return name;
    if (known.size >= operationNameLimit) return "other";
    known.add(name);
    return name;
  };
}

/**
 * Counts, times and logs every operation, with one clock and one summary
 * (Apollo runs each plugin's hooks for every request, so one plugin does it
 * all): skein_graphql_operations_total and its duration histogram; resolver
 * errors by code; the resolver faults that are ours, with their stacks
 * (logResolverFaults); and one "graphql operation" line with the name,
 * type, outcome, the error codes the client got (see clientCodeOf) and the
 * duration, with the request id and user id. Variables are never logged:
 * they carry passwords and tokens.
 */
export function observeOperationsPlugin(metrics: Metrics, logger: Logger): ApolloServerPlugin<Context> {
  const label = operationLabeler();
  const lines = requestLineLogger(logger);
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            // Errors with a path were raised while resolving a field; others are the request's.
            if (error.path) metrics.graphqlResolverErrors.inc({ code: clientCodeOf(error) });
          }
          logResolverFaults(contextValue.logger, errors, operationName);
        },
        async willSendResponse(requestContext) {
          const seconds = (performance.now() - startedAt) / 1_000;
          const { name, type, outcome } = summarizeOperation(requestContext);
          const labels = { operation: label(name), type, outcome };
          metrics.graphqlOperations.inc(labels);
          metrics.graphqlOperationDuration.observe(labels, seconds);
          const { requestId, viewer } = requestContext.contextValue;
          const errorCodes = requestContext.errors?.map(clientCodeOf);
          const durationMs = Math.round(seconds * 1_000);
          lines.info({ requestId, userId: viewer?.id, operationName: name, operationType: type, outcome, errorCodes, durationMs }, "graphql operation");
        },
      };
    },
  };
}
