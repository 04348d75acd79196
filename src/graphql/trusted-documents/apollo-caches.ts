import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import { type DocumentNode } from "graphql";
import { type TrustedDocuments } from "./trusted-documents";

/** Apollo ends both its APQ keys ("apq:<hash>") and its document-store keys ("<schema hash>:<hash>") with the query's hash. */
const hashOfKey = (key: string): string => key.slice(key.lastIndexOf(":") + 1);

/**
 * Apollo's APQ cache with the manifests in front: a client's hash finds a
 * trusted document with no registration. Under TRUSTED_DOCUMENTS_ONLY
 * nothing else is found or stored (a registration is refused before this).
 */
export function trustedFirstQueries(trusted: TrustedDocuments, registered: KeyValueCache<string>): KeyValueCache<string> {
  return {
    get: async (key) => trusted.get(hashOfKey(key))?.text ?? (trusted.only ? undefined : registered.get(key)),
    set: async (key: string, value: string, options?: KeyValueCacheSetOptions) => (trusted.only ? undefined : registered.set(key, value, options)),
    delete: (key) => registered.delete(key),
  };
}

/**
 * Heap bytes a parsed document holds per byte of its JSON, the size Apollo's
 * LRU counts: a short catalog query of 1,533 JSON characters held about
 * 7 KB, so 20,000 distinct queries filled the nominal 30 MiB with 158 MiB.
 */
const heapBytesPerJsonByte = 5;
/** Apollo's default budget for its document store. */
const documentStoreBytes = 30 * 2 ** 20;

/**
 * Apollo's store of validated documents with the manifests in front: a
 * trusted document is the one parsed and validated at load, never parsed
 * again, and (the same object every time) the cost memo keeps its cost for
 * the manifest's life. Other documents go to an LRU like Apollo's default
 * (30 MiB), sized by what a document holds on the heap rather than its JSON.
 */
export function trustedFirstDocumentStore(trusted: TrustedDocuments): KeyValueCache<DocumentNode> {
  const parsed = new InMemoryLRUCache<DocumentNode>({
    maxSize: documentStoreBytes,
    sizeCalculation: (document: DocumentNode) => InMemoryLRUCache.sizeCalculation(document) * heapBytesPerJsonByte,
  });
  return {
    get: async (key) => trusted.get(hashOfKey(key))?.document ?? parsed.get(key),
    set: (key: string, value: DocumentNode, options?: KeyValueCacheSetOptions) => parsed.set(key, value, options),
    delete: (key) => parsed.delete(key),
  };
}
