// A caller may hold a role on more License IDs than one statement can name with a bind parameter each (PostgreSQL takes
// at most 65,535): a licensing desk with 100,000 agreements. Every list that grows with the caller's License IDs must
// still answer — orders, the audit log, the users an administrator manages, product keys, the contracts list.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  createLicenseId,
  createOrder,
  createOrganization,
  createPartner,
  licenseIdBody,
  orderBody,
} from '../helpers/partner.js';
import { createVlUser } from '../helpers/vl-world.js';

/** More than the 65,535 bind parameters a statement may have. */
const LICENSE_IDS = 70_000;

type Session = Awaited<ReturnType<typeof signIn>>;
const get = (app: FastifyInstance, s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
const COLLEAGUE = 'colleague@desk.example';

describe(`an administrator of ${LICENSE_IDS.toLocaleString('en')} License IDs`, () => {
  let t: TestApp;
  let desk: Session;
  let first: string;

  beforeAll(async () => {
    t = await createTestApp();
    const partner = await createPartner(t.db.db);
    const organization = await createOrganization(t.app, t.db.db, partner);
    const template = await createLicenseId(t.app, partner, licenseIdBody(organization));
    first = template.licenseId.number;
    await createOrder(t.app, partner, orderBody(first));
    // The others are copies of the first, made in one statement (the API would take minutes for 70,000).
    const columns = (
      await queryRows<{ name: string }>(
        t.db.db,
        sql`select column_name as name from information_schema.columns
            where table_schema = 'public' and table_name = 'license_ids' and column_name not in ('id', 'number')`,
      )
    ).map((c) => `"${c.name}"`);
    await t.db.db.execute(
      sql.raw(`insert into license_ids (number, ${columns.join(', ')})
               select 'L' || lpad(g::text, 7, '0'), ${columns.join(', ')}
               from license_ids, generate_series(1, ${LICENSE_IDS - 1}) g where id = '${template.licenseId.id}'`),
    );
    const tenant = await createTenant(t.db.db, { displayName: 'Desk', domain: 'desk.example' });
    const { profiles } = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'desk@desk.example' });
    await createVlUser(t.db.db, { tenantId: tenant.id, signInName: COLLEAGUE });
    await t.db.db.execute(
      sql`insert into vl_role_assignments (vl_profile_id, license_id_id, role, granted_at)
          select ${profiles[0]!.id}, id, 'administrator', now() from license_ids`,
    );
    // The statistics autovacuum would gather after such a bulk insert: without them the planner takes the new tables
    // for empty, which measures nothing a deployment sees.
    await t.db.db.execute(sql`analyze`);
    desk = await signIn(t.app, 'desk@desk.example', TEST_PASSWORD);
  }, 120_000);
  afterAll(() => t?.close());

  it('sees all of them in the contracts list', async () => {
    const page = await get(t.app, desk, '/api/v1/contracts?limit=1');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().items).toHaveLength(1);
  });

  it('pages through the contracts list in order, and filters it', async () => {
    // Roles on all of them: the list reads License IDs in its order and stops at a page (contracts service,
    // `walksLicenseIds`) instead of sorting 70,000 for each page.
    const expected = (
      await queryRows<{ number: string }>(t.db.db, sql`select number from license_ids order by end_date, number`)
    ).map((r) => r.number);
    type Page = { items: { licenseIdNumber: string; roles: string[] }[]; nextCursor: string | null };
    const page = async (query: string) => {
      const response = await get(t.app, desk, `/api/v1/contracts?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<Page>();
    };
    const first = await page('limit=50');
    expect(first.items.map((c) => c.licenseIdNumber)).toEqual(expected.slice(0, 50));
    expect(new Set(first.items.flatMap((c) => c.roles))).toEqual(new Set(['administrator']));
    const second = await page(`limit=50&cursor=${first.nextCursor}`);
    expect(second.items.map((c) => c.licenseIdNumber)).toEqual(expected.slice(50, 100));
    const [organization] = await queryRows<{ name: string }>(t.db.db, sql`select name from organizations limit 1`);
    const byName = await page(`limit=3&organization=${encodeURIComponent(organization!.name.slice(1, 6))}`);
    expect(byName.items.map((c) => c.licenseIdNumber)).toEqual(expected.slice(0, 3));
    expect((await page('limit=3&status=terminated')).items).toEqual([]);
    expect((await page('limit=3&organization=nobody-is-called-this')).items).toEqual([]);
  });

  it('lists and exports the orders of all of them', async () => {
    const orders = await get(t.app, desk, '/api/v1/orders');
    expect(orders.statusCode, orders.body).toBe(200);
    expect(orders.json().items.map((o: { licenseIdNumber: string }) => o.licenseIdNumber)).toEqual([first]);
    const csv = await get(t.app, desk, '/api/v1/orders/export');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(first);
  });

  it('reads the audit log of all of them', async () => {
    const log = await get(t.app, desk, '/api/v1/audit-log');
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items.length).toBeGreaterThan(0);
    const csv = await get(t.app, desk, '/api/v1/audit-log/export');
    expect(csv.statusCode, csv.body).toBe(200);
  });

  it('manages the users of all of them', async () => {
    const users = await get(t.app, desk, '/api/v1/vl/users');
    expect(users.statusCode, users.body).toBe(200);
    expect(users.json().items.map((u: { businessEmail: string }) => u.businessEmail)).toContain('desk@desk.example');
    const administered = await get(t.app, desk, '/api/v1/vl/administered-license-ids');
    expect(administered.statusCode, administered.body).toBe(200);
  });

  it('gives a colleague a role on one of them, shows it, and deletes the colleague again', async () => {
    // Each of these once looked at every administered License ID (Delete: a few statements for each of the 70,000).
    const lookup = await get(t.app, desk, `/api/v1/vl/user-lookup?email=${COLLEAGUE}`);
    expect(lookup.statusCode, lookup.body).toBe(200);
    const assign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/vl/role-assignments',
      headers: desk.headers,
      payload: { email: COLLEAGUE, assignments: [{ licenseIdNumber: first, roles: ['license-position-reader'] }] },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const user = await get(t.app, desk, `/api/v1/vl/users/${COLLEAGUE}`);
    expect(user.statusCode, user.body).toBe(200);
    expect(user.json().licenseIds).toMatchObject([{ licenseIdNumber: first, roles: ['license-position-reader'] }]);
    const ofFirst = await get(t.app, desk, `/api/v1/vl/users?licenseIdNumber=${first}`);
    expect(ofFirst.json().items.map((u: { businessEmail: string }) => u.businessEmail)).toContain(COLLEAGUE);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/vl/users/${COLLEAGUE}`,
      headers: desk.headers,
    });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().licenseIdNumbers).toEqual([first]);
    expect((await get(t.app, desk, `/api/v1/vl/users/${COLLEAGUE}`)).statusCode).toBe(404);
  });

  it('exports the product keys of all of them', async () => {
    const keys = await get(t.app, desk, '/api/v1/keys/export');
    expect(keys.statusCode, keys.body).toBe(200);
  });
});
