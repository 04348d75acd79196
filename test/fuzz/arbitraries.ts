import fc from "fast-check";

/** One request as both paths receive it. */
export interface FuzzRequest {
  headers: Record<string, string>;
  body: string;
}

/** Names a client may pick that mean something to JavaScript objects, and ordinary ones. */
const name = fc.constantFrom("a", "n", "s", "first", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "x_1");

const variableValue = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 200 }), fc.boolean(), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }));

const firstArg = fc.oneof(
  fc.constantFrom("", "(first: null)", "(first: 1)", "(first: 0)", "(first: -1)", "(first: 101)", "(first: 2147483648)", '(first: "1")'),
  name.map((variable) => `(first: $${variable})`),
);

const directive = fc.oneof(
  fc.constant(""),
  fc.constantFrom("@skip(if: true)", "@include(if: false)", "@skip(if: false)", "@include(if: true)"),
  name.map((variable) => `@skip(if: $${variable})`),
  name.map((variable) => `@include(if: $${variable})`),
);

const alias = fc.oneof(fc.constant(""), name.map((picked) => `${picked}: `));

const itemFields = fc.subarray(["id", "sku", "name", "priceCents", "stock", "description", "createdAt", "__typename", "owner { id name }"], { minLength: 1 });

const connection = (field: string, inner: fc.Arbitrary<string>) =>
  fc
    .tuple(alias, firstArg, directive, inner, fc.boolean())
    .map(([label, args, skip, selection, edges]) => `${label}${field}${args} ${skip} { totalCount ${edges ? `edges { cursor node { ${selection} } }` : `nodes { ${selection} }`} }`);

const rootField = fc.oneof(
  connection("items", itemFields.map((fields) => fields.join(" "))),
  connection("users", fc.constantFrom("id name", "name role", "items(first: 2) { nodes { sku } }", "email", "orders(first: 1) { totalCount }")),
  fc.tuple(alias, directive).map(([label, skip]) => `${label}me ${skip} { id name }`),
  fc.tuple(alias, fc.constantFrom('"1"', '"SXRlbTox"', "null", "$n", '"x"')).map(([label, id]) => `${label}item(id: ${id}) { id sku }`),
  fc.constantFrom("__typename", '__type(name: "Item") { name }', "jobs(first: 1) { totalCount }", "{ broken"),
);

const variableDefinitions = fc
  .uniqueArray(fc.tuple(name, fc.constantFrom("Int", "Int!", "Boolean", "Boolean = true", "Boolean!", "String", "ID", "[Int]", "Int = 100")), {
    selector: ([variable]) => variable,
    maxLength: 3,
  })
  .map((definitions) => (definitions.length === 0 ? "" : `(${definitions.map(([variable, type]) => `$${variable}: ${type}`).join(", ")})`));

/** Queries only: a mutation would change what the second path sees. */
const document = fc.oneof(
  fc.tuple(fc.constantFrom("", "query ", "query Q ", "query __proto__ "), variableDefinitions, fc.array(rootField, { minLength: 1, maxLength: 3 })).map(
    ([head, definitions, fields]) => `${head}${head ? definitions : ""} { ${fields.join(" ")} }`,
  ),
  fc.constantFrom("query A { me { id } } query B { __typename }", "fragment F on Item { id } { items(first: 1) { nodes { ...F } } }", "subscription { myJobUpdated { id } }", "", "{"),
);

/** A document, cut short at a random point now and then (syntax errors). */
const documentText = fc.tuple(document, fc.option(fc.nat({ max: 200 }), { freq: 5 })).map(([text, cut]) => (cut === null ? text : text.slice(0, cut)));

const variables = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(name, variableValue, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Mostly `usual`, now and then one of `odd`. */
const mostly = <T>(usual: fc.Arbitrary<T>, ...odd: Array<fc.Arbitrary<T>>) => fc.oneof({ weight: 6, arbitrary: usual }, ...odd.map((arbitrary) => ({ weight: 1, arbitrary })));

const graphqlBody = fc
  .record({
    query: mostly<unknown>(documentText, fc.constant(undefined), fc.jsonValue({ maxDepth: 1 })),
    variables,
    operationName: mostly<unknown>(fc.constant(undefined), fc.constantFrom("A", "B", "Q", "__proto__", ""), fc.constant(null)),
    extensions: mostly<unknown>(fc.constant(undefined), fc.constant({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }), fc.jsonValue({ maxDepth: 2 })),
  })
  // JSON.stringify writes `__proto__` keys of a JSON value as any other.
  .map((body) => JSON.stringify(body) ?? "");

/** Bodies: GraphQL requests, batches, any JSON, and text that is not JSON. */
export const body = fc.oneof(
  { weight: 6, arbitrary: graphqlBody },
  { weight: 1, arbitrary: fc.array(graphqlBody, { maxLength: 3 }).map((bodies) => `[${bodies.join(",")}]`) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("\uFEFF{}", "{", "null", "", " ", '{"query":"{ me { id } }"}garbage')) },
);

/** Stands for a signed-in user's `Bearer <token>`: the runner puts the real one in. */
export const viewerToken = "Bearer <viewer>";

/** A header left out five times in six. */
const headerValue = (values: string[]) => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

/** Headers a client may send; the content type is plain JSON most of the time (the fast path's case). */
export const headers = fc
  .record({
    "content-type": fc.oneof(
      { weight: 6, arbitrary: fc.constant("application/json") },
      { weight: 3, arbitrary: fc.constantFrom("application/json; charset=utf-8", "APPLICATION/JSON", "application/json;charset=UTF-8", "text/plain", "application/graphql", "application/json; charset=latin1", "multipart/form-data", "") },
    ),
    accept: headerValue(["application/json", "application/graphql-response+json", "application/graphql-response+json, application/json;q=0.9", "text/html", "*/*", "text/event-stream", ""]),
    authorization: headerValue([viewerToken, viewerToken, "Bearer nonsense", "Bearer ", "Basic abc", ""]),
    "apollo-require-preflight": headerValue(["true"]),
    "x-read-after": headerValue(["0/0", "FFFFFFFF/FFFFFFFF", "nonsense"]),
    "x-request-id": headerValue(["fuzz-request"]),
    "content-encoding": headerValue(["identity", "gzip", "br"]),
  })
  .map((record) => Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== null)));

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({ headers, body });
