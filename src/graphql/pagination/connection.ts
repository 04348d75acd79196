import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import { type Page } from "../../db/pages";
import { encodeCursor } from "./cursor";

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
}

/**
 * A Relay connection over a page. `totalCount` is a getter, so the count
 * query runs only when a client selects the field; `edges` and `pageInfo`
 * are getters too, so a client that selects only `nodes` (the usual case)
 * pays for no cursor.
 */
export function toConnection<T extends { id: number }>(page: Page<T>, countTotal: () => Promise<number>): ConnectionShape<T> {
  return {
    get edges() {
      return page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
    },
    nodes: page.rows,
    get pageInfo() {
      const last = page.rows.at(-1);
      return { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null };
    },
    get totalCount() {
      return countTotal();
    },
  };
}

/** The `<Name>Connection` object type (and its `<Name>Edge`) for a node type. */
export function ConnectionType<T extends object>(NodeType: ClassType<T>) {
  @ObjectType(`${NodeType.name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field()
    cursor: string;

    @Field(() => NodeType)
    node: T;
  }

  @ObjectType(`${NodeType.name}Connection`, { simpleResolvers: true })
  class Connection {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [NodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    // A lazy count (a Promise, see toConnection): a resolver of its own lets
    // the executor await it; a simple field would be read as a plain value.
    @Field(() => Int, { simple: false })
    totalCount: number;
  }
  return Connection;
}
