// Key backfill (issue 6): orders that arrived before their product entered the catalog, or before it needed a key of
// some type, are caught up when the operator adds the product, changes its key types or loads keys — in that
// transaction: the earlier order lines are linked to the product, every License ID owed a key gets one from the pool or
// an audited shortfall the operator sees, never a silent gap; the work is a fixed number of statements however many
// License IDs it serves.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, keyShortfalls, orderLines, orders, productKeys } from '../../src/db/schema.js';
import {
  addLicenseId,
  addProduct,
  call,
  countStatements,
  createCatalogWorld,
  line,
  order,
  vlUser,
  type CatalogWorld,
} from '../helpers/catalog-world.js';

type Pool = { type: string; available: number; assigned: number; shortfalls: number };

let w: CatalogWorld;
let key = 0;
/** Fresh product keys, unique across the file. */
const keys = (count: number) =>
  Array.from({ length: count }, () => ({ key: `BKF${String((key += 1)).padStart(4, '0')}-AAAAA-BBBBB-CCCCC` }));

const loadKeys = async (productId: string, type: string, count: number) => {
  const response = await call(w, 'POST', `/api/v1/operator/products/${productId}/keys`, w.operator, {
    type,
    keys: keys(count),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ loaded: number; shortfallsFilled: number; available: number }>();
};
const patchProduct = async (productId: string, body: Record<string, unknown>) => {
  const response = await w.t.app.inject({
    method: 'PATCH',
    url: `/api/v1/operator/products/${productId}`,
    headers: w.operator,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ keyPools: Pool[] }>();
};
/** (type, License ID) of every key the License IDs hold of the product. */
const held = async (productId: string, licenseIdIds: string[]) =>
  (
    await w.t.db.db
      .select({ type: productKeys.type, licenseIdId: productKeys.licenseIdId })
      .from(productKeys)
      .where(and(eq(productKeys.productId, productId), inArray(productKeys.licenseIdId, licenseIdIds)))
  )
    .map((k) => `${k.type} ${k.licenseIdId}`)
    .sort();
const openShortfalls = async (productId: string) =>
  w.t.db.db
    .select({ licenseIdId: keyShortfalls.licenseIdId, type: keyShortfalls.type })
    .from(keyShortfalls)
    .where(and(eq(keyShortfalls.productId, productId), isNull(keyShortfalls.resolvedAt)));
const linesOf = (licenseIdId: string) =>
  w.t.db.db
    .select({ productId: orderLines.productId, product: orderLines.product })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orders.licenseIdId, licenseIdId));

beforeAll(async () => {
  w = await createCatalogWorld();
});
afterAll(() => w.close());

describe('orders that arrived before their product', () => {
  it('adding the product links their lines and records an audited shortfall per License ID and key type', async () => {
    const early = await addLicenseId(w);
    const later = await addLicenseId(w);
    const project = { name: 'Project Professional' };
    await order(w, early.number, [line(project), line({ name: 'Not In The Catalog' })]);
    w.t.clock.advance(60_000);
    await order(w, later.number, [line(project)]);
    await order(w, early.number, [line(project, 3)]); // a second order of it: still one key of each type
    expect((await linesOf(early.id)).map((l) => l.productId)).toEqual([null, null, null]);

    const response = await call(w, 'POST', '/api/v1/operator/products', w.operator, {
      family: 'Office',
      name: 'Project Professional',
      version: '2024',
      pool: 'applications',
      needsKey: true,
      keyTypes: ['mak', 'kms-host'],
    });
    expect(response.statusCode, response.body).toBe(201);
    const product = response.json<{ id: string; keyPools: Pool[] }>();
    expect(product.keyPools).toEqual([
      { type: 'mak', available: 0, assigned: 0, shortfalls: 2 },
      { type: 'kms-host', available: 0, assigned: 0, shortfalls: 2 },
    ]);
    const lines = await linesOf(early.id);
    expect(lines.filter((l) => l.product === 'Project Professional').map((l) => l.productId)).toEqual([
      product.id,
      product.id,
    ]);
    expect(lines.find((l) => l.product === 'Not In The Catalog')!.productId).toBeNull();

    const audit = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product_key.shortfall'));
    expect(audit.map((a) => [a.licenseIdNumber, a.details.type, a.details.backfill, a.actorKind]).sort()).toEqual(
      [
        [early.number, 'kms-host', true, 'operator'],
        [early.number, 'mak', true, 'operator'],
        [later.number, 'kms-host', true, 'operator'],
        [later.number, 'mak', true, 'operator'],
      ].sort(),
    );
    const listed = await call(w, 'GET', '/api/v1/operator/key-shortfalls', w.operator);
    expect(listed.json<{ items: { licenseIdNumber: string }[] }>().items).toHaveLength(4);

    // The customer sees the keys as pending, not a product without keys.
    const reader = await vlUser(w, { [early.id]: ['product-keys-reader'] });
    const page = await call(w, 'GET', `/api/v1/license-ids/${early.number}/keys`, reader.headers);
    expect(page.json().items).toEqual([
      expect.objectContaining({ productId: product.id, keys: [], pendingKeyTypes: ['mak', 'kms-host'] }),
    ]);

    // Loading keys serves the earliest order first, then the next, while the pool lasts.
    expect(await loadKeys(product.id, 'mak', 1)).toMatchObject({ loaded: 1, shortfallsFilled: 1, available: 0 });
    expect(await held(product.id, [early.id, later.id])).toEqual([`mak ${early.id}`]);
    expect(await loadKeys(product.id, 'mak', 3)).toMatchObject({ shortfallsFilled: 1, available: 2 });
    expect(await loadKeys(product.id, 'kms-host', 2)).toMatchObject({ shortfallsFilled: 2, available: 0 });
    expect(await held(product.id, [early.id, later.id])).toEqual(
      [`kms-host ${early.id}`, `kms-host ${later.id}`, `mak ${early.id}`, `mak ${later.id}`].sort(),
    );
    expect(await openShortfalls(product.id)).toEqual([]);
  });

  it('a product that needs no key only gets its lines linked', async () => {
    const licenseId = await addLicenseId(w);
    await order(w, licenseId.number, [line({ name: 'Office Viewer' })]);
    const viewer = await addProduct(w, { name: 'Office Viewer', needsKey: false });
    expect((await linesOf(licenseId.id)).map((l) => l.productId)).toEqual([viewer.id]);
    expect(await openShortfalls(viewer.id)).toEqual([]);
  });
});

describe('key types a product needs from some day on', () => {
  it('a key type added later is owed to the License IDs that ordered before, once each', async () => {
    const visio = await addProduct(w, { name: 'Visio Professional' });
    await loadKeys(visio.id, 'mak', 2);
    const licenseId = await addLicenseId(w);
    await order(w, licenseId.number, [line({ name: 'Visio Professional' })]);
    expect(await held(visio.id, [licenseId.id])).toEqual([`mak ${licenseId.id}`]);

    const changed = await patchProduct(visio.id, { keyTypes: ['mak', 'kms-host'] });
    expect(changed.keyPools.find((p) => p.type === 'kms-host')).toMatchObject({ shortfalls: 1 });
    expect(await openShortfalls(visio.id)).toEqual([{ licenseIdId: licenseId.id, type: 'kms-host' }]);
    expect(await loadKeys(visio.id, 'kms-host', 1)).toMatchObject({ shortfallsFilled: 1 });
    // The MAK it held already is not given twice.
    expect(await held(visio.id, [licenseId.id])).toEqual([`kms-host ${licenseId.id}`, `mak ${licenseId.id}`]);
  });

  it('a product that starts to need a key serves its earlier orders from the pool it has', async () => {
    const access = await addProduct(w, { name: 'Access', needsKey: false });
    const licenseId = await addLicenseId(w);
    await order(w, licenseId.number, [line({ name: 'Access' })]);
    const changed = await patchProduct(access.id, { needsKey: true });
    expect(changed.keyPools).toEqual([{ type: 'mak', available: 0, assigned: 0, shortfalls: 1 }]);
    expect(await loadKeys(access.id, 'mak', 1)).toMatchObject({ shortfallsFilled: 1 });
    expect(await held(access.id, [licenseId.id])).toEqual([`mak ${licenseId.id}`]);
  });

  it('order lines left unmatched and License IDs left without a claim are caught up at the next key load', async () => {
    // As an order that raced the product's creation would leave them: the line without its product, no key, no claim.
    const word = await addProduct(w, { name: 'Word' });
    const licenseId = await addLicenseId(w);
    await order(w, licenseId.number, [line({ name: 'Word' })]);
    await w.t.db.db.delete(keyShortfalls).where(eq(keyShortfalls.licenseIdId, licenseId.id));
    const [ordered] = await w.t.db.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.licenseIdId, licenseId.id));
    await w.t.db.db.update(orderLines).set({ productId: null }).where(eq(orderLines.orderId, ordered!.id));

    expect(await loadKeys(word.id, 'mak', 1)).toMatchObject({ loaded: 1, shortfallsFilled: 1, available: 0 });
    expect(await held(word.id, [licenseId.id])).toEqual([`mak ${licenseId.id}`]);
    expect((await linesOf(licenseId.id)).map((l) => l.productId)).toEqual([word.id]);
  });

  it('an order arriving while keys are loaded gets one key, not two', async () => {
    const excel = await addProduct(w, { name: 'Excel' });
    const licenseId = await addLicenseId(w);
    await order(w, licenseId.number, [line({ name: 'Excel' })]);
    await w.t.db.db.delete(keyShortfalls).where(eq(keyShortfalls.licenseIdId, licenseId.id));
    await Promise.all([order(w, licenseId.number, [line({ name: 'Excel' })]), loadKeys(excel.id, 'mak', 3)]);
    expect(await held(excel.id, [licenseId.id])).toEqual([`mak ${licenseId.id}`]);
    expect(await openShortfalls(excel.id)).toEqual([]);
  });
});

describe('set-based', () => {
  it('adding a product and loading its keys take the same number of statements for 1 and for 12 License IDs', async () => {
    const run = async (name: string, licenseIdCount: number) => {
      const ids: string[] = [];
      for (let i = 0; i < licenseIdCount; i += 1) {
        const licenseId = await addLicenseId(w);
        await order(w, licenseId.number, [line({ name })]);
        ids.push(licenseId.id);
      }
      let productId = '';
      const adding = await countStatements(w, async () => {
        productId = (await addProduct(w, { name, keyTypes: ['mak', 'kms-client'] })).id;
      });
      const loading = await countStatements(w, () => loadKeys(productId, 'mak', licenseIdCount));
      expect(await openShortfalls(productId)).toHaveLength(licenseIdCount);
      expect((await held(productId, ids)).filter((k) => k.startsWith('mak '))).toHaveLength(licenseIdCount);
      return [adding, loading];
    };
    const one = await run('Publisher', 1);
    // Transactions' statements are counted too (not only those sent outside them).
    expect(Math.min(...one)).toBeGreaterThan(8);
    expect(await run('Teams Rooms', 12)).toEqual(one);
  });
});
