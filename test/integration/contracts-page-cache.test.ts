// The contracts list's page cache (src/modules/contracts/page-cache.ts) never serves a stale page: every committed
// change to a table the list reads bumps the contracts epoch once (migration 0011's deferred triggers), and a cached
// page is served only to a request that began in the epoch it was produced in — in every server process. A repeated
// request costs one statement (the session lookup, which reads the epoch too).
import { gunzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { licenseIds, organizations, readEpochs, vlRoleAssignments } from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { countQueries } from '../helpers/catalog-world.js';
import {
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  orderBody,
  type PartnerFixture,
} from '../helpers/partner.js';
import { createVlUser, grantRoles } from '../helpers/vl-world.js';

type Session = Awaited<ReturnType<typeof signIn>>;
type Page = { items: { licenseIdNumber: string; organizationName: string; endDate: string; roles: string[] }[] };

describe('contracts list page cache', () => {
  let t: TestApp;
  /** a second server process on the same database */
  let other: TestApp;
  let orgId: string;
  let partner: PartnerFixture;
  const n: Record<'A' | 'B', string> = {} as never;
  const id: Record<'A' | 'B', string> = {} as never;
  let profileId: string;
  let holder: Session;
  let holderOnOther: Session;
  let colleague: Session;

  const list = async (app: FastifyInstance, s: Session, query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/contracts${query}`, headers: s.headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return { body: response.body, headers: response.headers, page: response.json<Page>() };
  };
  const numbers = (page: Page) => page.items.map((c) => c.licenseIdNumber);
  const epoch = async () => {
    const [row] = await t.db.db.select({ n: readEpochs.n }).from(readEpochs).where(eq(readEpochs.name, 'contracts'));
    return row!.n;
  };
  const grant = (licenseIdId: string) =>
    grantRoles(t.db.db, { vlProfileId: profileId, licenseIdId, roles: ['license-position-reader'] });

  beforeAll(async () => {
    t = await createTestApp(); // today: 2026-11-23
    other = await createTestApp({ db: t.db });
    partner = await createPartner(t.db.db);
    orgId = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Fabrikam Ltd' } });
    for (const [key, endDate] of [
      ['A', '2028-06-30'],
      ['B', '2027-12-31'],
    ] as const) {
      const created = await createLicenseId(t.app, partner, licenseIdBody(orgId, { endDate }));
      n[key] = created.licenseId.number;
      id[key] = created.licenseId.id;
    }
    const tenant = await createTenant(t.db.db, { displayName: 'Fabrikam', domain: 'fabrikam.example' });
    const pat = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'pat@fabrikam.example' });
    profileId = pat.profiles[0]!.id;
    await grant(id.A);
    const kim = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'kim@fabrikam.example' });
    await grantRoles(t.db.db, { vlProfileId: kim.profiles[0]!.id, licenseIdId: id.B, roles: ['administrator'] });
    holder = await signIn(t.app, 'pat@fabrikam.example', TEST_PASSWORD);
    holderOnOther = await signIn(other.app, 'pat@fabrikam.example', TEST_PASSWORD);
    colleague = await signIn(t.app, 'kim@fabrikam.example', TEST_PASSWORD);
  });
  afterAll(async () => {
    await other.app.close();
    await t.close();
  });

  it('answers a repeated request from the cache with one statement: the session lookup', async () => {
    const first = await list(t.app, holder);
    expect(numbers(first.page)).toEqual([n.A]);
    let again!: Awaited<ReturnType<typeof list>>;
    const statements = await countQueries({ t }, async () => {
      again = await list(t.app, holder);
    });
    expect(again.body).toBe(first.body);
    expect(statements).toBe(1);
    // Another query string is another page: the list query runs (which of its two statements suits this caller was
    // found with the first page, and is kept as long as the pages are).
    expect(await countQueries({ t }, () => list(t.app, holder, '?limit=10'))).toBe(2);
  });

  it('sends a cached page gzipped to a client that accepts gzip, the same JSON to one that does not', async () => {
    const plain = await list(t.app, holder);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    for (const acceptEncoding of ['gzip, deflate, br, zstd', 'gzip', 'gzip, deflate, br, zstd']) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contracts',
        headers: { ...holder.headers, 'accept-encoding': acceptEncoding },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
      expect(gunzipSync(response.rawPayload).toString('utf8')).toBe(plain.body);
    }
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/contracts',
      headers: { ...holder.headers, 'accept-encoding': 'gzip;q=0, br' },
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it('answers a repeated license summary from the cache with one statement, and shows a new order at the next request', async () => {
    const summarize = async (app: FastifyInstance, s: Session) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/license-summary',
        headers: s.headers,
        payload: { licenseIdNumbers: [n.A] },
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: { productFamily: string; effectiveQuantity: number }[] }>().items;
    };
    const quantity = (items: Awaited<ReturnType<typeof summarize>>) =>
      items.find((i) => i.productFamily === 'Office')?.effectiveQuantity ?? 0;
    const before = quantity(await summarize(t.app, holder));
    expect(await countQueries({ t }, () => summarize(t.app, holder))).toBe(1);
    // Another caller with the same selection is refused (not their License ID), never served the cached answer.
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/license-summary',
      headers: colleague.headers,
      payload: { licenseIdNumbers: [n.A] },
    });
    expect(refused.statusCode).toBe(404);

    const ordered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/orders',
      headers: partner.headers,
      payload: orderBody(n.A),
    });
    expect(ordered.statusCode, ordered.body).toBe(201);
    expect(quantity(await summarize(t.app, holder))).toBe(before + 25);
    expect(quantity(await summarize(other.app, holderOnOther))).toBe(before + 25);
  });

  it('never serves one caller the page of another', async () => {
    await list(t.app, holder);
    expect(numbers((await list(t.app, colleague)).page)).toEqual([n.B]);
    expect(numbers((await list(t.app, holder)).page)).toEqual([n.A]);
  });

  it('shows a role granted, a role removed, a renamed organization and a new end date at the next request', async () => {
    await list(t.app, holder);
    await list(other.app, holderOnOther);

    await grant(id.B);
    expect(numbers((await list(t.app, holder)).page)).toEqual([n.B, n.A]);
    // The other process learns of the change from the epoch its own session lookup reads.
    expect(numbers((await list(other.app, holderOnOther)).page)).toEqual([n.B, n.A]);

    await t.db.db.update(organizations).set({ name: 'Fabrikam Group' }).where(eq(organizations.id, orgId));
    expect((await list(other.app, holderOnOther)).page.items.map((c) => c.organizationName)).toEqual([
      'Fabrikam Group',
      'Fabrikam Group',
    ]);

    await t.db.db.update(licenseIds).set({ endDate: '2030-01-31' }).where(eq(licenseIds.id, id.B));
    expect(numbers((await list(t.app, holder)).page)).toEqual([n.A, n.B]);

    await t.db.db
      .delete(vlRoleAssignments)
      .where(and(eq(vlRoleAssignments.vlProfileId, profileId), eq(vlRoleAssignments.licenseIdId, id.A)));
    expect(numbers((await list(t.app, holder)).page)).toEqual([n.B]);
    expect(numbers((await list(other.app, holderOnOther)).page)).toEqual([n.B]);
  });

  it('watches every table the contracts list reads', async () => {
    const rows = await queryRows<{ table: string }>(
      t.db.db,
      sql`select distinct event_object_table as table from information_schema.triggers
          where trigger_name like '%contracts_epoch%' order by 1`,
    );
    expect(rows.map((r) => r.table)).toEqual([
      'agreement_contacts',
      'license_ids',
      'order_lines',
      'orders',
      'organizations',
      'parent_agreements',
      'programs',
      'vl_inheritance_opt_ins',
      'vl_profiles',
      'vl_role_assignments',
    ]);
  });

  it('bumps the epoch once per committed transaction that changes what the list reads, never on a rollback', async () => {
    const before = await epoch();
    await t.db.db.transaction(async (tx) => {
      await tx
        .update(vlRoleAssignments)
        .set({ grantedAt: t.clock.now() })
        .where(eq(vlRoleAssignments.vlProfileId, profileId));
      await tx.update(organizations).set({ city: 'Utrecht' }).where(eq(organizations.id, orgId));
      // Inside the transaction nothing is bumped yet: the triggers run at the commit.
      const [row] = await queryRows<{ n: string }>(tx, sql`select n::text from read_epochs where name = 'contracts'`);
      expect(Number(row!.n)).toBe(before);
    });
    expect(await epoch()).toBe(before + 1);

    await t.db.db
      .transaction(async (tx) => {
        await tx.update(organizations).set({ city: 'Delft' }).where(eq(organizations.id, orgId));
        tx.rollback();
      })
      .catch(() => {});
    expect(await epoch()).toBe(before + 1);

    // A statement of its own is a transaction of its own.
    await t.db.db.update(organizations).set({ city: 'Leiden' }).where(eq(organizations.id, orgId));
    await t.db.db.update(organizations).set({ city: 'Gouda' }).where(eq(organizations.id, orgId));
    expect(await epoch()).toBe(before + 3);
  });

  it('answers the same License IDs named in another order from the cached summary', async () => {
    await grant(id.A); // an earlier test took it away
    const summarize = (licenseIdNumbers: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/license-summary',
        headers: holder.headers,
        payload: { licenseIdNumbers },
      });
    const first = await summarize([n.A, n.B]);
    expect(first.statusCode, first.body).toBe(200);
    let again: Awaited<ReturnType<typeof summarize>> | undefined;
    expect(await countQueries({ t }, async () => (again = await summarize([n.B, n.A])))).toBe(1);
    expect(again!.body).toBe(first.body);
    // A selection that is not all the caller's is still refused, naming the field as it was sent.
    const refused = await summarize([n.B, 'NOT-THEIRS-1']);
    expect(refused.statusCode).toBe(404);
    expect(refused.json<{ fields: { name: string }[] }>().fields[0]!.name).toBe('body.licenseIdNumbers.1');
  });
});
