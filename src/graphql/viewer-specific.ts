import { type DocumentNode, type GraphQLField, type GraphQLSchema, TypeInfo, visit, visitWithTypeInfo, BREAK } from "graphql";
import { Extensions } from "type-graphql";

/** The field extensions that mark a viewer-specific and a private field; spelled here only. */
const viewerSpecificKey = "viewerSpecific";
const privateKey = "private";

/**
 * Marks a field whose value depends on who asks: the viewer's own data
 * (`me`, `jobs`) or data only some viewers may see (`User.email`). The mark
 * sits beside the field's own visibility rule, in its resolver, and is the
 * one thing that decides whether a response may be cached for everyone.
 */
export const ViewerSpecific = (): MethodDecorator & PropertyDecorator => Extensions({ [viewerSpecificKey]: true });

/**
 * Marks a field only the owner of what it shows and admins may see, decided
 * by canSeePrivate (src/identity/visibility.ts); viewer-specific too. The
 * subscription fan-out shares one execution per viewer class, which is safe
 * only while every such field is marked and goes through that rule: a test
 * (test/visibility.test.ts) asks each marked field as every class.
 */
export const Private = (): MethodDecorator & PropertyDecorator => Extensions({ [viewerSpecificKey]: true, [privateKey]: true });

export const isViewerSpecificField = (field: GraphQLField<unknown, unknown>): boolean => field.extensions[viewerSpecificKey] === true;

export const isPrivateField = (field: GraphQLField<unknown, unknown>): boolean => field.extensions[privateKey] === true;

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
        const field = typeInfo.getFieldDef();
        if (!field || !isViewerSpecificField(field)) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  memo.set(document, found);
  return found;
}
