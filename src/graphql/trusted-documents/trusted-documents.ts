import { BadUserInputError, type ContractError, TrustedDocumentRequiredError } from "../../errors";
import { type Manifest, type TrustedDocument, sha256Hex } from "./manifest";

/** What a client sends to name an operation: the fields that every transport reads alike. */
export interface OperationRequest {
  query?: unknown;
  /** GraphQL over HTTP's persisted-document id: "sha256:" and the hex of the document's SHA-256. */
  documentId?: unknown;
  /** Apollo's APQ form: extensions.persistedQuery.sha256Hash. */
  extensions?: unknown;
}

/**
 * How a request's document is to be found:
 * - `trusted`: a manifest document;
 * - `unknown`: a hash that is in no manifest (APQ may still know it, outside TRUSTED_DOCUMENTS_ONLY);
 * - `refused`: an error to answer with, before anything is parsed;
 * - undefined: free-form text, run as sent.
 */
export type Resolution = { trusted: TrustedDocument } | { unknown: string } | { refused: ContractError } | undefined;

const documentIdForm = /^sha256:([0-9a-f]{64})$/;

const persistedHashOf = (extensions: unknown): unknown =>
  typeof extensions === "object" && extensions !== null ? (extensions as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery?.sha256Hash : undefined;

/**
 * The one rule of which documents run, for HTTP (POST and GET), WebSocket
 * and SSE alike. The manifest is swapped whole on reload (SIGHUP), so a
 * request sees either the old one or the new one. A lookup is a Map lookup;
 * only TRUSTED_DOCUMENTS_ONLY hashes a request's text, and nothing is parsed.
 */
export class TrustedDocuments {
  constructor(
    private manifest: Manifest,
    /** TRUSTED_DOCUMENTS_ONLY: text that is not in the manifest is refused. */
    readonly only: boolean,
  ) {}

  get size(): number {
    return this.manifest.size;
  }

  get(hash: string): TrustedDocument | undefined {
    return this.manifest.get(hash);
  }

  replace(manifest: Manifest): void {
    this.manifest = manifest;
  }

  resolve({ query, documentId, extensions }: OperationRequest): Resolution {
    const hasText = typeof query === "string" && query !== "";
    if (documentId !== undefined) return this.byDocumentId(documentId, hasText);
    // The ordinary request: free-form text on a server that runs any.
    if (hasText && !this.only) return undefined;
    const persistedHash = persistedHashOf(extensions);
    if (!hasText) return typeof persistedHash === "string" ? this.byHash(persistedHash) : undefined;
    // An APQ registration carries its hash; free-form text is hashed here. Either way the text must be the manifest's.
    const trusted = this.manifest.get(typeof persistedHash === "string" ? persistedHash : sha256Hex(query));
    return trusted?.text === query ? { trusted } : { refused: new TrustedDocumentRequiredError() };
  }

  private byDocumentId(documentId: unknown, hasText: boolean): Resolution {
    if (hasText) return { refused: new BadUserInputError("documentId", "Send either documentId or query, not both.") };
    const hash = typeof documentId === "string" ? documentIdForm.exec(documentId)?.[1] : undefined;
    if (hash === undefined) return { refused: new BadUserInputError("documentId", 'A documentId is "sha256:" and 64 lowercase hex digits.') };
    return this.byHash(hash);
  }

  private byHash(hash: string): Resolution {
    const trusted = this.manifest.get(hash);
    return trusted ? { trusted } : { unknown: hash };
  }
}
