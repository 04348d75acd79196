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
 * pays for no cursor. The getters are the class's, not each object's: a
 * connection is made per parent row of a nested page (50 per request), and
 * an object literal with getters would make three closures each time.
 */
class PageConnection<T extends { id: number }> implements ConnectionShape<T> {
  readonly nodes: T[];

  constructor(
    private readonly page: Page<T>,
    private readonly countTotal: () => Promise<number>,
  ) {
    this.nodes = page.rows;
  }

  get edges(): Array<{ cursor: string; node: T }> {
    return this.page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
  }

  get pageInfo(): PageInfo {
    const last = this.page.rows.at(-1);
    return { hasNextPage: this.page.hasNextPage, endCursor: last ? encodeCursor(last.id) : null };
  }

  get totalCount(): Promise<number> {
    return this.countTotal();
  }
}

export const toConnection = <T extends { id: number }>(page: Page<T>, countTotal: () => Promise<number>): ConnectionShape<T> => new PageConnection(page, countTotal);

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
