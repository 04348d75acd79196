import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type GraphQLResponse, errorCodes } from "./support/client";
import { type TestDatabase, createTestDatabase } from "./support/database";
import { type TestUser, signUpUser } from "./support/fixtures";
import { StartReport, waitForFinalJob } from "./support/jobs";
import { type TestServer, startTestServer } from "./support/server";

const itemCount = 200_000;
const chunkRows = 2_000;

/** The CSV the report must be, written here from the rows (every name needs quoting: it holds a quote and a comma). */
async function expectedInventoryCsv(database: TestDatabase, ownerId: string): Promise<string> {
  const rows = await database.query<{ id: string; sku: string; name: string; price_cents: number; stock: number }>(
    "select id, sku, name, price_cents, stock from items where owner_id = $1 order by id",
    [ownerId],
  );
  const lines = rows.map((row) => `${row.id},${row.sku},"${row.name.replaceAll('"', '""')}",${row.price_cents},${row.stock}\r\n`);
  return `item_id,sku,name,price_cents,stock\r\n${lines.join("")}`;
}

describe("reports are written and served in chunks", () => {
  let database: TestDatabase;
  let server: TestServer;
  let seller: TestUser;
  let url: string;
  let expected: string;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer(database, { REPORT_CHUNK_ROWS: String(chunkRows) });
    seller = await signUpUser(server.client, "Bulk Seller");
    await database.query(
      `insert into items (sku, name, price_cents, stock, owner_id)
       select 'bulk-' || g, 'Item "' || g || '", in bulk', g % 10000, g % 50, $1 from generate_series(1, $2::int) g`,
      [seller.id, itemCount],
    );
    const { generateReport } = await seller.client.data(StartReport, { kind: "INVENTORY_CSV" });
    const job = await waitForFinalJob(seller.client, generateReport.id);
    assert.equal(job.state, "COMPLETED", job.error ?? "");
    url = job.report!.url;
    expected = await expectedInventoryCsv(database, seller.id);
  });
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it(`stores a report of ${itemCount} rows as one chunk per read, none holding more than ${chunkRows} rows`, async () => {
    const [stored] = await database.query<{ chunks: number; largest: number; bytes: number; size_bytes: number }>(
      `select count(*)::int as chunks, max(octet_length(c.content))::int as largest, sum(octet_length(c.content))::int as bytes, r.size_bytes
       from reports r join report_chunks c on c.report_id = r.id where r.owner_id = $1 group by r.id`,
      [seller.id],
    );
    assert.equal(stored.chunks, itemCount / chunkRows);
    assert.equal(stored.bytes, Buffer.byteLength(expected));
    assert.equal(stored.size_bytes, stored.bytes);
    assert.ok(stored.largest * 50 < stored.bytes, `the largest chunk (${stored.largest} bytes) is a small part of the ${stored.bytes}`);
  });

  it("downloads it chunked, without Content-Length, byte for byte", async () => {
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(response.headers.get("content-disposition") ?? "", /^attachment; filename="inventory_csv-\d+\.csv"$/);
    assert.equal(response.headers.get("content-length"), null);
    assert.equal(response.headers.get("transfer-encoding"), "chunked");
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(body.length, Buffer.byteLength(expected));
    assert.ok(body.equals(Buffer.from(expected)), "the download is the report, byte for byte");
  });

  it("keeps serving after a client aborts a download midway", async () => {
    for (let i = 0; i < 3; i++) {
      const aborter = new AbortController();
      const response = await fetch(url, { signal: aborter.signal });
      const reader = response.body!.getReader();
      await reader.read();
      aborter.abort();
      await reader.closed.catch(() => undefined);
    }
    const body = await (await fetch(url)).text();
    assert.equal(body, expected);
  });

  it("answers FORBIDDEN (403) for a bad link and NOT_FOUND (404) for a report that is gone", async () => {
    const forged = await fetch(url.replace(/signature=[^&]+/, "signature=forged"));
    assert.equal(forged.status, 403);
    assert.deepEqual(errorCodes((await forged.json()) as GraphQLResponse<unknown>), ["FORBIDDEN"]);

    await database.query("update reports set expires_at = now() - interval '1 second' where owner_id = $1", [seller.id]);
    const gone = await fetch(url);
    assert.equal(gone.status, 404);
    assert.deepEqual(errorCodes((await gone.json()) as GraphQLResponse<unknown>), ["NOT_FOUND"]);
  });
});
