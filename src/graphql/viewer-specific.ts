import { type DocumentNode, type GraphQLSchema, TypeInfo, visit, visitWithTypeInfo, BREAK } from "graphql";
import { Extensions } from "type-graphql";

/** The field extension that marks a viewer-specific field; spelled here only. */
const viewerSpecificKey = "viewerSpecific";

/**
 * Marks a field whose value depends on who asks: the viewer's own data
 * (`me`, `jobs`) or data only some viewers may see (`User.email`). The mark
 * sits beside the field's own visibility rule, in its resolver, and is the
 * one thing that decides whether a response may be cached for everyone.
 */
export const ViewerSpecific = (): MethodDecorator & PropertyDecorator => Extensions({ [viewerSpecificKey]: true });

const memo = new WeakMap<DocumentNode, boolean>();

/** Whether any field selected anywhere in `document` (its fragments included) is marked ViewerSpecific; remembered per document. */
export function readsViewerSpecificFields(schema: GraphQLSchema, document: DocumentNode): boolean {
  const known = memo.get(document);
  if (known !== undefined) return known;
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (typeInfo.getFieldDef()?.extensions[viewerSpecificKey] !== true) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  memo.set(document, found);
  return found;
}
