import { type DocumentNode, GraphQLError, type GraphQLSchema, NoSchemaIntrospectionCustomRule, type ValidationRule, parse, specifiedRules, validate } from "graphql";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../config";

/** One document of a manifest, parsed and validated when the manifest was loaded. */
export interface TrustedDocument {
  /** SHA-256 of `text`, lowercase hex: the manifest's key and the client's documentId. */
  hash: string;
  text: string;
  document: DocumentNode;
}

/** Trusted documents by hash. */
export type Manifest = ReadonlyMap<string, TrustedDocument>;

export const sha256Hex = (text: string): string => createHash("sha256").update(text).digest("hex");

/** A manifest's key: the hex, with the "sha256:" the client preset writes before it (a documentId) or without. */
const manifestKey = /^(?:sha256:)?([0-9a-f]{64})$/;

/** The rules Apollo validates a request with: a trusted document skips Apollo's validation, so it gets the same at load. */
export const validationRulesFor = (introspection: boolean): readonly ValidationRule[] =>
  introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];

/** The manifest files `paths` name: each a file, or a directory whose *.json files all count. */
function manifestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((entry) => {
    const stat = statSync(entry, { throwIfNoEntry: false });
    if (!stat) throw new ConfigError([`TRUSTED_DOCUMENTS: ${entry}: no such file or directory`]);
    if (!stat.isDirectory()) return [entry];
    return readdirSync(entry)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => path.join(entry, name));
  });
}

/** A manifest file's entries: a JSON object of hash to text, the format graphql-codegen's client preset writes. */
function entriesOf(file: string): [string, unknown][] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError([`TRUSTED_DOCUMENTS: ${file}: ${(error as Error).message}`]);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ConfigError([`TRUSTED_DOCUMENTS: ${file}: must be a JSON object of SHA-256 hex to document text`]);
  }
  return Object.entries(json);
}

/** What a request's document gets from Apollo, which a trusted document gets here instead. */
export interface ManifestChecks {
  schema: GraphQLSchema;
  rules: readonly ValidationRule[];
  /** QUERY_TOKENS_MAX; undefined with LIMITS_ENABLED=false. */
  maxTokens: number | undefined;
}

/** Parses and validates one entry; the error names the hash, so an operator finds the document. */
function trustedDocument(key: string, text: unknown, { schema, rules, maxTokens }: ManifestChecks): TrustedDocument {
  const problem = (message: string) => new ConfigError([`TRUSTED_DOCUMENTS: ${key}: ${message}`]);
  const hash = manifestKey.exec(key)?.[1];
  if (hash === undefined) throw problem('a key must be 64 lowercase hex digits (a SHA-256), "sha256:" before them or not');
  if (typeof text !== "string") throw problem("the value must be the document's text");
  if (sha256Hex(text) !== hash) throw problem("the key is not the SHA-256 of the text");
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError) throw problem(error.message);
    throw error;
  }
  const [invalid] = validate(schema, document, rules);
  if (invalid) throw problem(invalid.message);
  return { hash, text, document };
}

/**
 * Reads, parses and validates every document of the manifests `paths` names.
 * Throws a ConfigError with one line, naming the file or the hash, at the
 * first problem: a server must not start (or reload) with a document its
 * clients were built with that it cannot run.
 */
export function loadManifest(paths: readonly string[], checks: ManifestChecks): Manifest {
  const manifest = new Map<string, TrustedDocument>();
  for (const file of manifestFiles(paths)) {
    for (const [key, text] of entriesOf(file)) {
      const trusted = trustedDocument(key, text, checks);
      manifest.set(trusted.hash, trusted);
    }
  }
  return manifest;
}
