/**
 * Documents the differential test (executor-differential.test.ts) runs
 * through compiled execution and through graphql-js: the probe's cases of
 * issue 18 (operation choice, aliases and variables named like Object's
 * members, @skip with a nullable default) and ordinary catalog, user, job
 * and order queries with aliases, fragments, directives, errors, nulls,
 * lists and bad variables. Every document is valid; `variables` gets the
 * ids the test made. Nothing here succeeds at a write: both executors must
 * meet the same data.
 */
export interface CorpusEntry {
  name: string;
  query: string;
  operationName?: string;
  variables?: (ids: Readonly<Record<string, string>>) => Record<string, unknown>;
  /** Runs as the seller the test signed up; anonymous otherwise. */
  signedIn?: boolean;
}

const item = "fragment ItemFields on Item { id sku name priceCents stock description }";
const twoOperations = "query A { items(first: 1) { totalCount } } query B { me { id } }";
const skipByDefault = "query ($s: Boolean = true) { me { id } items(first: 1) @skip(if: $s) { totalCount } }";
const nestedSkip = "query ($s: Boolean = true) { items(first: 2) { nodes { id name @skip(if: $s) } } }";
const includeByDefault = "query ($i: Boolean = false) { items(first: 1) { nodes { id sku @include(if: $i) } } }";
const pageOf = "query ($n: Int) { items(first: $n) { totalCount nodes { sku } } }";
const paged = "query ($n: Int = 1, $after: String) { items(first: $n, after: $after) { pageInfo { hasNextPage endCursor } nodes { sku } } }";

export const differentialCorpus: readonly CorpusEntry[] = [
  // Operation choice
  { name: "two operations, no operationName", query: twoOperations },
  { name: "two operations, unknown operationName", query: twoOperations, operationName: "C" },
  { name: "two operations, the first named", query: twoOperations, operationName: "A" },
  { name: "two operations, the second named", query: twoOperations, operationName: "B", signedIn: true },
  { name: "one anonymous operation, an operationName given", query: "{ items(first: 1) { totalCount } }", operationName: "Named" },
  { name: "one named operation, another name given", query: "query Only { me { id } }", operationName: "Other" },
  { name: "a query and a mutation, no operationName", query: "query Q { me { id } } mutation M { updateProfile(input: {}) { id } }" },
  // Aliases and variables named like Object.prototype's members
  { name: "alias __proto__ on a String field", query: "{ items(first: 2) { nodes { __proto__: name sku } } }" },
  { name: "alias __proto__ on an object field", query: "{ __proto__: items(first: 1) { totalCount } }" },
  { name: "alias __proto__ on a nullable object", query: "{ __proto__: me { id } }", signedIn: true },
  { name: "alias __proto__, anonymous null", query: "{ __proto__: me { id } }" },
  { name: "alias constructor", query: "{ items(first: 1) { nodes { constructor: sku } } }" },
  { name: "alias toString", query: "{ toString: items(first: 1) { totalCount } }" },
  { name: "alias hasOwnProperty and valueOf", query: "{ items(first: 1) { nodes { hasOwnProperty: id valueOf: name } } }" },
  { name: "alias __proto__ in a list of objects", query: "{ items(first: 2) { edges { __proto__: node { sku } cursor } } }" },
  { name: "absent $constructor", query: "query ($constructor: Int) { items(first: $constructor) { totalCount } }" },
  { name: "absent $toString", query: "query ($toString: Int) { items(first: $toString) { nodes { sku } } }" },
  { name: "absent $__proto__", query: "query ($__proto__: Int) { items(first: $__proto__) { nodes { sku } } }" },
  { name: "null $__proto__", query: "query ($__proto__: Int) { items(first: $__proto__) { nodes { sku } } }", variables: () => JSON.parse('{"__proto__": null}') },
  { name: "$__proto__ sent", query: "query ($__proto__: Int) { items(first: $__proto__) { nodes { sku } } }", variables: () => JSON.parse('{"__proto__": 1}') },
  { name: "$constructor sent", query: "query ($constructor: Int) { items(first: $constructor) { nodes { sku } } }", variables: () => ({ constructor: 1 }) },
  { name: "$valueOf as a Boolean", query: "query ($valueOf: Boolean!) { items(first: 1) @include(if: $valueOf) { totalCount } }", variables: () => ({ valueOf: true }) },
  // @skip and @include with variables, defaults and nulls
  { name: "@skip default true, absent", query: skipByDefault },
  { name: "@skip default true, explicit null", query: skipByDefault, variables: () => ({ s: null }) },
  { name: "@skip default true, false", query: skipByDefault, variables: () => ({ s: false }) },
  { name: "@skip default true, explicit null, nested", query: nestedSkip, variables: () => ({ s: null }) },
  { name: "@skip default true, absent, nested", query: nestedSkip },
  { name: "@include default false, explicit null", query: includeByDefault, variables: () => ({ i: null }) },
  { name: "@include default false, true", query: includeByDefault, variables: () => ({ i: true }) },
  { name: "@skip literal true", query: "{ items(first: 1) @skip(if: true) { totalCount } me { id } }" },
  { name: "@include literal false on a fragment spread", query: `{ items(first: 1) { nodes { ...ItemFields @include(if: false) id } } } ${item}` },
  { name: "@skip on an inline fragment", query: "query ($s: Boolean!) { items(first: 1) { nodes { id ... @skip(if: $s) { sku } } } }", variables: () => ({ s: true }) },
  { name: "@skip and @include together", query: "query ($s: Boolean!, $i: Boolean!) { items(first: 1) { totalCount @skip(if: $s) @include(if: $i) } }", variables: () => ({ s: false, i: true }) },
  // Pages and nulls
  { name: "first: null", query: "{ items(first: null) { totalCount nodes { sku } } }" },
  { name: "first from a variable, null", query: pageOf, variables: () => ({ n: null }) },
  { name: "first from a variable, absent", query: pageOf },
  { name: "first from a variable, 1", query: pageOf, variables: () => ({ n: 1 }) },
  { name: "first over the largest page", query: pageOf, variables: () => ({ n: 100_000 }) },
  { name: "first negative", query: "{ items(first: -1) { totalCount } }" },
  { name: "first 0", query: "{ items(first: 0) { totalCount pageInfo { hasNextPage endCursor } } }" },
  { name: "paging with a default", query: paged },
  { name: "a bad cursor", query: paged, variables: () => ({ after: "not-a-cursor" }) },
  { name: "users with nested items", query: "{ users(first: 5) { totalCount nodes { name role items(first: 5) { nodes { sku owner { name } } } } } }" },
  { name: "users edges and cursors", query: "{ users(first: 2) { edges { cursor node { id name } } pageInfo { hasNextPage } } }" },
  { name: "a user's private email, anonymous", query: "query ($id: ID!) { user(id: $id) { name email } }", variables: (ids) => ({ id: ids.user }) },
  { name: "a user's private email, themself", query: "query ($id: ID!) { user(id: $id) { name email } }", variables: (ids) => ({ id: ids.user }), signedIn: true },
  { name: "a user that does not exist", query: '{ user(id: "VXNlcjo5OTk5OTk=") { id } }' },
  { name: "a user id that is not an id", query: '{ user(id: "nonsense") { id } }' },
  { name: "an item by id", query: `query ($id: ID!) { item(id: $id) { ...ItemFields createdAt owner { id name } } } ${item}`, variables: (ids) => ({ id: ids.item }) },
  { name: "an item that does not exist", query: '{ item(id: "SXRlbTo5OTk5OTk=") { id sku } }' },
  { name: "items of an owner", query: "query ($o: ID) { items(first: 5, ownerId: $o) { totalCount nodes { sku } } }", variables: (ids) => ({ o: ids.user }) },
  { name: "items of no owner (null)", query: "query ($o: ID) { items(first: 5, ownerId: $o) { totalCount } }", variables: () => ({ o: null }) },
  { name: "me, anonymous", query: "{ me { id name } }" },
  { name: "me, signed in", query: "{ me { id name email role createdAt } }", signedIn: true },
  { name: "my orders", query: "{ me { orders(first: 5) { totalCount nodes { id quantity totalCents item { sku } buyer { name } } } } }", signedIn: true },
  { name: "another's orders: FORBIDDEN", query: "query ($id: ID!) { user(id: $id) { name orders(first: 1) { totalCount } } }", variables: (ids) => ({ id: ids.user }) },
  { name: "my jobs", query: "{ jobs(first: 5) { totalCount nodes { id kind maxAttempts } } }", signedIn: true },
  { name: "my jobs of a kind of state", query: "query ($s: JobState) { jobs(first: 5, state: $s) { totalCount } }", variables: () => ({ s: "CANCELLED" }), signedIn: true },
  { name: "jobs, anonymous", query: "{ jobs(first: 5) { totalCount } }" },
  { name: "a job that does not exist", query: '{ job(id: "Sm9iOjk5OTk5OQ==") { id } }', signedIn: true },
  { name: "typename everywhere", query: "{ __typename items(first: 1) { __typename nodes { __typename id } pageInfo { __typename } } }" },
  { name: "introspection of a type", query: '{ __type(name: "Item") { name kind fields { name type { name kind ofType { name } } } } }' },
  { name: "schema root types", query: "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }" },
  // Aliases and fragments
  { name: "many aliases of one field", query: "{ a: items(first: 1) { totalCount } b: items(first: 2) { totalCount } c: items(first: 0) { totalCount } }" },
  { name: "aliases inside nodes", query: "{ items(first: 2) { nodes { key: sku label: name cents: priceCents } } }" },
  { name: "the same field twice, merged", query: "{ items(first: 2) { nodes { sku } nodes { name } } }" },
  { name: "a named fragment", query: `{ items(first: 2) { nodes { ...ItemFields } } } ${item}` },
  { name: "nested fragments", query: `fragment U on User { name items(first: 2) { nodes { ...ItemFields } } } { users(first: 3) { nodes { ...U } } } ${item}` },
  { name: "an inline fragment on the same type", query: "{ items(first: 1) { nodes { ... on Item { sku } } } }" },
  { name: "an inline fragment without a type", query: "{ items(first: 1) { nodes { ... { sku stock } } } }" },
  { name: "a fragment with an alias conflict resolved", query: "fragment A on Item { x: sku } { items(first: 1) { nodes { ...A x: sku } } }" },
  // Lists, enums and scalars
  { name: "custom scalars (DateTime)", query: "{ items(first: 2) { nodes { createdAt owner { createdAt } } } }" },
  { name: "an enum", query: "{ users(first: 2) { nodes { role } } }" },
  { name: "variables of every kind", query: "query ($n: Int!, $s: String, $b: Boolean!, $id: ID) { items(first: $n, after: $s, ownerId: $id) @include(if: $b) { totalCount } }", variables: (ids) => ({ n: 2, s: null, b: true, id: ids.user }) },
  // Bad variables
  { name: "a string for an Int", query: pageOf, variables: () => ({ n: "five" }) },
  { name: "a float for an Int", query: pageOf, variables: () => ({ n: 1.5 }) },
  { name: "an Int past 32 bits", query: pageOf, variables: () => ({ n: 2 ** 40 }) },
  { name: "a list for an Int", query: pageOf, variables: () => ({ n: [1] }) },
  { name: "a required variable absent", query: "query ($id: ID!) { item(id: $id) { id } }" },
  { name: "null for a required variable", query: "query ($id: ID!) { item(id: $id) { id } }", variables: () => ({ id: null }) },
  { name: "an object for an ID", query: "query ($id: ID!) { item(id: $id) { id } }", variables: () => ({ id: { a: 1 } }) },
  { name: "an unknown enum value", query: "query ($s: JobState) { jobs(first: 1, state: $s) { totalCount } }", variables: () => ({ s: "SLEEPING" }), signedIn: true },
  { name: "extra variables nobody declared", query: "{ items(first: 1) { totalCount } }", variables: () => ({ extra: 1, __proto__x: 2 }) },
  { name: "an input object with an unknown field", query: "mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }", variables: () => ({ input: { nickname: "x" } }), signedIn: false },
  { name: "an input object missing a required field", query: "mutation ($input: CreateItemInput!) { createItem(input: $input) { id } }", variables: () => ({ input: { sku: "X" } }) },
  // Errors from resolvers
  { name: "a mutation, anonymous: UNAUTHENTICATED", query: 'mutation { createItem(input: { sku: "X", name: "X", priceCents: 1, stock: 1 }) { id } }' },
  { name: "placeOrder of a missing item", query: 'mutation { placeOrder(itemId: "SXRlbTo5OTk5OTk=", quantity: 1) { id } }', signedIn: true },
  { name: "placeOrder of a bad quantity", query: "mutation ($id: ID!) { placeOrder(itemId: $id, quantity: -1) { id } }", variables: (ids) => ({ id: ids.item }), signedIn: true },
  { name: "cancelJob of a missing job", query: 'mutation { cancelJob(id: "Sm9iOjk5OTk5OQ==") { id } }', signedIn: true },
  { name: "logIn with a wrong password", query: 'mutation { logIn(email: "nobody@example.com", password: "wrong password") { token } }' },
  { name: "updateProfile, anonymous", query: 'mutation { updateProfile(input: { name: "X" }) { id } }' },
  { name: "an error under an alias", query: 'mutation { a: updateProfile(input: { name: "X" }) { id } }' },
  { name: "an error beside data", query: "query ($id: ID!) { items(first: 1) { totalCount } user(id: $id) { orders(first: 1) { totalCount } } }", variables: (ids) => ({ id: ids.user }) },
  { name: "an error in a list", query: "{ users(first: 3) { nodes { name orders(first: 1) { totalCount } } } }" },
];
