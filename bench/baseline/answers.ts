import { type Catalog } from "../peers/catalog";
import { type PeerViewer, canSeeEmail } from "../peers/viewer";
import { type QueryName, lightUserId, nestedPage } from "../queries";

const json = JSON.stringify;

/**
 * The nested query's response, written by hand, no GraphQL. The items' owners are the parent users (as Skein primes
 * its loader with them); only owners not among them would cost a statement.
 */
async function nested(catalog: Catalog): Promise<string> {
  const users = await catalog.usersPage(nestedPage.users);
  const pages = await catalog.itemPages(users.map((user) => user.id), nestedPage.items);
  const owners = await catalog.withOwners(users, pages.values());
  const userNodes = users.map((user) => {
    const itemNodes = pages.get(user.id)!.map((item) => {
      const owner = owners.get(item.ownerId)!;
      return `{"id":${json(item.id)},"name":${json(item.name)},"priceCents":${item.priceCents},"owner":{"id":${json(owner.id)},"name":${json(owner.name)}}}`;
    });
    return `{"id":${json(user.id)},"name":${json(user.name)},"items":{"nodes":[${itemNodes.join(",")}]}}`;
  });
  return `{"data":{"users":{"nodes":[${userNodes.join(",")}]}}}`;
}

async function light(catalog: Catalog, viewer: PeerViewer | null): Promise<string> {
  const id = String(lightUserId);
  const user = (await catalog.usersById([id])).get(id);
  if (!user) return `{"data":{"user":null}}`;
  const email = canSeeEmail(viewer, user.id) ? json(user.email ?? null) : "null";
  return `{"data":{"user":{"id":${json(user.id)},"name":${json(user.name)},"email":${email}}}}`;
}

export const answers: Record<QueryName, (catalog: Catalog, viewer: PeerViewer | null) => Promise<string>> = { nested, light };
