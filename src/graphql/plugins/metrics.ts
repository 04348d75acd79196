import { type ApolloServerPlugin } from "@apollo/server";
import { type Metrics } from "../../infra/metrics";
import { type Context } from "../context";
import { clientCodeOf } from "../format-error";
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

/** Counts and times every operation, and counts resolver errors by code. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  const label = operationLabeler();
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            // Errors with a path were raised while resolving a field; others are the request's.
            if (error.path) metrics.graphqlResolverErrors.inc({ code: clientCodeOf(error) });
          }
        },
        async willSendResponse(requestContext) {
          const { name, type, outcome } = summarizeOperation(requestContext);
          const labels = { operation: label(name), type, outcome };
          metrics.graphqlOperations.inc(labels);
          metrics.graphqlOperationDuration.observe(labels, (performance.now() - startedAt) / 1_000);
        },
      };
    },
  };
}
