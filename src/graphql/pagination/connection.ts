import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import { encodeCursor } from "./cursor";

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** Rows of one page; one more than asked for was fetched to learn `hasNextPage`. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
}

/**
 * A Relay connection over a page. `totalCount` is a getter, so the count
 * query runs only when a client selects the field.
 */
export function toConnection<T extends { id: number }>(page: Page<T>, countTotal: () => Promise<number>): ConnectionShape<T> {
  const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    nodes: page.rows,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
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

    @Field(() => Int)
    totalCount: number;
  }
  return Connection;
}
