import { type IResolvers, type MercuriusContext, type MercuriusLoaders } from "mercurius";
import { type Catalog, type PeerItem, type PeerUser } from "../peers/catalog";
import { type PeerViewer, canSeeEmail } from "../peers/viewer";

/** Skein's types, cut down to the fields and arguments the bench queries use. */
export const schema = `
  type Query {
    users(first: Int = 20): UserConnection!
    user(id: ID!): User
  }
  type UserConnection { nodes: [User!]! }
  type User {
    id: ID!
    name: String!
    email: String
    items(first: Int = 20): ItemConnection!
  }
  type ItemConnection { nodes: [Item!]! }
  type Item {
    id: ID!
    name: String!
    priceCents: Int!
    owner: User!
  }
`;

declare module "mercurius" {
  interface MercuriusContext {
    viewer: PeerViewer | null;
  }
}

export function resolvers(catalog: Catalog): IResolvers {
  return {
    Query: {
      users: async (_: unknown, { first }: { first: number }) => ({ nodes: await catalog.usersPage(first) }),
      user: async (_: unknown, { id }: { id: string }) => (await catalog.usersById([id])).get(id) ?? null,
    },
    User: {
      email: (user: PeerUser, _: unknown, ctx: MercuriusContext) => (canSeeEmail(ctx.viewer, user.id) ? user.email : null),
    },
  };
}

type Query<Obj, Params = Record<string, never>> = Array<{ obj: Obj; params: Params }>;

/** Mercurius batches each field's calls in a request: one statement for all users' items, one for all owners, as in Skein. */
export function loaders(catalog: Catalog): MercuriusLoaders {
  return {
    User: {
      items: async (queries: Query<PeerUser, { first: number }>) => {
        const bySize = new Map<number, string[]>();
        for (const { obj, params } of queries) bySize.set(params.first, [...(bySize.get(params.first) ?? []), obj.id]);
        const pages = new Map<number, Map<string, PeerItem[]>>();
        for (const [first, ownerIds] of bySize) pages.set(first, await catalog.itemPages([...new Set(ownerIds)], first));
        return queries.map(({ obj, params }) => ({ nodes: pages.get(params.first)!.get(obj.id)! }));
      },
    },
    Item: {
      owner: async (queries: Query<PeerItem>) => {
        const owners = await catalog.usersById([...new Set(queries.map(({ obj }) => obj.ownerId))]);
        return queries.map(({ obj }) => owners.get(obj.ownerId));
      },
    },
  };
}
