// license_id_positions — what each License ID's order lines add up to, which the license summary reads — is kept by
// triggers (migration 0013). After every kind of write to orders and order lines it must equal the same sums taken
// from the lines themselves: lines added by the API and by a bulk import, a line's quantity or type changed, a line
// deleted, an order deleted with its lines, an order moved to another License ID; a change of something not counted
// (the catalog product a line matched) leaves it alone.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { orderLines, orders } from '../../src/db/schema.js';
import type { CreateOrderInput } from '../../src/modules/agreements/schemas.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  createLicenseId,
  createOrganization,
  createPartner,
  importServices,
  licenseIdBody,
  orderBody,
  partnerActor,
  type PartnerFixture,
} from '../helpers/partner.js';

let t: TestApp;
let partner: PartnerFixture;
let first: string;
let second: string;

let parts = 0;
const line = (productFamily: string, licenseType: string, quantity: number, pool = 'applications') => ({
  partNumber: `PART-${++parts}`,
  product: `${productFamily} product`,
  productFamily,
  version: '2024',
  pool,
  licenseType,
  quantity,
  country: 'NL',
});

beforeAll(async () => {
  t = await createTestApp();
  partner = await createPartner(t.db.db);
  const organizationId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Positions Ltd' } });
  first = (await createLicenseId(t.app, partner, licenseIdBody(organizationId))).licenseId.number;
  second = (await createLicenseId(t.app, partner, licenseIdBody(organizationId))).licenseId.number;
});
afterAll(() => t?.close());

async function createOrder(licenseIdNumber: string, lines: ReturnType<typeof line>[]): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/partner/orders',
    headers: partner.headers,
    payload: orderBody(licenseIdNumber, { lines }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

type Position = { number: string; family: string; pool: string; licensed: number; subscribed: number; assured: number };

/** The positions as kept, and as computed from the order lines now: [kept, computed]. */
async function positions(): Promise<[Position[], Position[]]> {
  const kept = await queryRows<Position>(
    t.db.db,
    sql`select li.number, p.product_family as family, p.pool, p.licensed, p.subscribed, p.assured
        from license_id_positions p join license_ids li on li.id = p.license_id_id
        where li.number in (${first}, ${second})
        order by 1, 2, 3`,
  );
  const computed = await queryRows<Position>(
    t.db.db,
    sql`select li.number, l.product_family as family, l.pool,
          coalesce(sum(l.quantity) filter (where l.license_type in ('license', 'license+sa', 'sa-step-up')), 0)::int as licensed,
          coalesce(sum(l.quantity) filter (where l.license_type = 'subscription'), 0)::int as subscribed,
          coalesce(sum(l.quantity) filter (where l.license_type in ('license+sa', 'sa', 'sa-step-up')), 0)::int as assured
        from order_lines l join orders o on o.id = l.order_id join license_ids li on li.id = o.license_id_id
        where li.number in (${first}, ${second})
        group by 1, 2, 3
        order by 1, 2, 3`,
  );
  return [kept, computed];
}

async function expectKept(expected: Position[]) {
  const [kept, computed] = await positions();
  expect(kept).toEqual(computed);
  expect(kept).toEqual(expected);
}

describe('license_id_positions', () => {
  let officeOrder: string;

  it('adds the lines of each new order, by product family + version + pool, to its License ID', async () => {
    officeOrder = await createOrder(first, [
      line('Office', 'license+sa', 10),
      line('Office', 'subscription', 4),
      line('Windows Server', 'license', 2, 'servers'),
    ]);
    await createOrder(first, [line('Office', 'sa', 10), line('Office', 'sa-step-up', 3)]);
    await expectKept([
      { number: first, family: 'Office', pool: 'applications', licensed: 13, subscribed: 4, assured: 23 },
      { number: first, family: 'Windows Server', pool: 'servers', licensed: 2, subscribed: 0, assured: 0 },
    ]);
  });

  it('adds the lines of a bulk import, several orders of several License IDs in one statement', async () => {
    const { importer } = importServices(t);
    const actor = partnerActor(partner.id);
    const records = [
      orderBody(first, { lines: [line('Office', 'license', 5)] }),
      orderBody(second, { lines: [line('Office', 'license', 7), line('Office', 'license', 1)] }),
    ] as CreateOrderInput[];
    expect(await importer.importRecords(actor, 'orders', records)).toMatchObject({ imported: 2 });
    await expectKept([
      { number: first, family: 'Office', pool: 'applications', licensed: 18, subscribed: 4, assured: 23 },
      { number: first, family: 'Windows Server', pool: 'servers', licensed: 2, subscribed: 0, assured: 0 },
      { number: second, family: 'Office', pool: 'applications', licensed: 8, subscribed: 0, assured: 0 },
    ]);
  });

  it('recomputes when a counted column of a line changes; a change of the catalog product it matched changes nothing', async () => {
    await t.db.db
      .update(orderLines)
      .set({ quantity: 20 })
      .where(sql`${orderLines.orderId} = ${officeOrder} and ${orderLines.licenseType} = 'license+sa'`);
    await t.db.db
      .update(orderLines)
      .set({ licenseType: 'license' })
      .where(sql`${orderLines.orderId} = ${officeOrder} and ${orderLines.licenseType} = 'subscription'`);
    await t.db.db.update(orderLines).set({ productId: null }).where(eq(orderLines.orderId, officeOrder));
    await expectKept([
      { number: first, family: 'Office', pool: 'applications', licensed: 32, subscribed: 0, assured: 33 },
      { number: first, family: 'Windows Server', pool: 'servers', licensed: 2, subscribed: 0, assured: 0 },
      { number: second, family: 'Office', pool: 'applications', licensed: 8, subscribed: 0, assured: 0 },
    ]);
  });

  it('recomputes when a line is deleted, and when an order moves to another License ID', async () => {
    await t.db.db
      .delete(orderLines)
      .where(sql`${orderLines.orderId} = ${officeOrder} and ${orderLines.productFamily} = 'Windows Server'`);
    const [row] = await queryRows<{ id: string }>(t.db.db, sql`select id from license_ids where number = ${second}`);
    await t.db.db.update(orders).set({ licenseIdId: row!.id }).where(eq(orders.id, officeOrder));
    await expectKept([
      { number: first, family: 'Office', pool: 'applications', licensed: 8, subscribed: 0, assured: 13 },
      { number: second, family: 'Office', pool: 'applications', licensed: 32, subscribed: 0, assured: 20 },
    ]);
  });

  it('recomputes when an order is deleted with its lines', async () => {
    await t.db.db.delete(orders).where(eq(orders.id, officeOrder));
    await expectKept([
      { number: first, family: 'Office', pool: 'applications', licensed: 8, subscribed: 0, assured: 13 },
      { number: second, family: 'Office', pool: 'applications', licensed: 8, subscribed: 0, assured: 0 },
    ]);
  });
});
