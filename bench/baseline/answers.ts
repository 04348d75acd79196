import { type Catalog } from "../peers/catalog";
import { type PeerViewer, canSeeEmail } from "../peers/viewer";
import { type QueryName, lightUserId, nestedPage } from "../queries";

const json = JSON.stringify;

/** The nested query's response, written by hand: the same three statements Skein sends, no GraphQL. */
async function nested(catalog: Catalog): Promise<string> {
  const users = await catalog.usersPage(nestedPage.users);
  const pages = await catalog.itemPages(users.map((user) => user.id), nestedPage.items);
  const ownerIds = new Set<string>();
  for (const page of pages.values()) for (const item of page) ownerIds.add(item.ownerId);
  const owners = await catalog.usersById([...ownerIds]);
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
  const email = canSeeEmail(viewer, user.id) ? json(user.email) : "null";
  return `{"data":{"user":{"id":${json(user.id)},"name":${json(user.name)},"email":${email}}}}`;
}

export const answers: Record<QueryName, (catalog: Catalog, viewer: PeerViewer | null) => Promise<string>> = { nested, light };
