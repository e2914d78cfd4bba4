// Contracts and reports (SPEC §7): the contracts list's filters and its streamed CSV export (RFC 4180 escaping,
// non-ASCII), a License ID's details, orders per License ID and across all (visibility by role, CSV), and the license
// summary's arithmetic on a hand-checked fixture (SA expiry, step-ups, renewals, subscriptions).
import { eq } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenseIds, organizations, vlRoleAssignments } from '../../src/db/schema.js';
import type { VlRole } from '../../src/domain/vl-roles.js';
import type { ContractFilters } from '../../src/modules/contracts/service.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { countQueries } from '../helpers/catalog-world.js';
import { createLicenseId, createOrganization, createPartner, licenseIdBody, orderBody } from '../helpers/partner.js';
import { createVlUser, grantRoles, walkingContractsList } from '../helpers/vl-world.js';

type Session = Awaited<ReturnType<typeof signIn>>;

const get = (app: FastifyInstance, s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
const post = (app: FastifyInstance, s: Session, url: string, payload: unknown) =>
  app.inject({ method: 'POST', url, headers: s.headers, payload: payload as InjectOptions['payload'] });

/** RFC 4180 parser for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}

describe('contracts, orders and license summary', () => {
  let t: TestApp;
  let partner: Awaited<ReturnType<typeof createPartner>>;
  let reader: Session;
  let keysOnly: Session;
  const n: Record<'A' | 'B' | 'C' | 'E', string> = {} as never;
  const id: Record<'A' | 'B' | 'C' | 'E', string> = {} as never;
  const ODD_NAME = 'Ünïcødé, "Quoted"\nCo';

  async function order(number: string, orderedOn: string, lines: [string, string, string, string, number][]) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/orders',
      headers: partner.headers,
      payload: orderBody(number, {
        orderedOn,
        lines: lines.map(([productFamily, version, pool, licenseType, quantity], i) => ({
          partNumber: `P-${i}`,
          product: `${productFamily} ${version}`,
          productFamily,
          version,
          pool,
          licenseType,
          quantity,
          country: 'US',
        })),
      }),
    });
    expect(response.statusCode, response.body).toBe(201);
  }

  async function holder(signInName: string, tenantId: string, roles: Partial<Record<'A' | 'B' | 'C' | 'E', VlRole[]>>) {
    const { profiles } = await createVlUser(t.db.db, { tenantId, signInName });
    for (const [key, list] of Object.entries(roles))
      await grantRoles(t.db.db, { vlProfileId: profiles[0]!.id, licenseIdId: id[key as 'A'], roles: list });
    return signIn(t.app, signInName, TEST_PASSWORD);
  }

  beforeAll(async () => {
    t = await createTestApp(); // today: 2026-11-23
    partner = await createPartner(t.db.db);
    const contoso = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
    const odd = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Odd Co' } });
    await t.db.db.update(organizations).set({ name: ODD_NAME }).where(eq(organizations.id, odd));
    for (const [key, org, overrides] of [
      ['A', contoso, { endDate: '2028-06-30', saEndDate: '2027-06-30' }],
      ['B', contoso, { endDate: '2027-12-31', saEndDate: '2026-06-30' }],
      ['C', odd, { startDate: '2024-01-01', endDate: '2026-06-30' }],
      ['E', contoso, { programId: 'enterprise', endDate: '2029-01-31', cloud: 'public' }],
    ] as const) {
      const created = await createLicenseId(t.app, partner, licenseIdBody(org, overrides));
      n[key] = created.licenseId.number;
      id[key] = created.licenseId.id;
    }
    await order(n.A, '2026-02-01', [['Office', '2024', 'applications', 'license+sa', 25]]);
    await order(n.A, '2026-06-01', [
      ['Office', '2024', 'applications', 'sa', 25],
      ['Office', '2024', 'applications', 'sa-step-up', 5],
      ['Windows Server', '2025', 'servers', 'license', 4],
    ]);
    await order(n.B, '2025-07-01', [['Office', '2024', 'applications', 'license+sa', 10]]);
    await order(n.C, '2024-02-01', [
      ['Office', '2024', 'applications', 'subscription', 7],
      ['Office', '2024', 'applications', 'license', 2],
    ]);
    const tenant = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
    reader = await holder('reader@contoso.example', tenant.id, {
      A: ['license-position-reader'],
      B: ['license-position-reader'],
      C: ['license-position-reader'],
      E: ['administrator'],
    });
    keysOnly = await holder('keys@contoso.example', tenant.id, { A: ['product-keys-reader'] });
  });
  afterAll(() => t.close());

  it('filters the contracts list by program, status, end date, organization and selection', async () => {
    const numbers = async (query: string) =>
      (await get(t.app, reader, `/api/v1/contracts${query}`))
        .json<{ items: { licenseIdNumber: string }[] }>()
        .items.map((c) => c.licenseIdNumber);
    // The statement the list takes for a caller with roles on thousands of License IDs must answer the same.
    const walking = walkingContractsList(t);
    const cases: [ContractFilters, string[]][] = [
      [{}, [n.C, n.B, n.A, n.E]],
      [{ programId: 'enterprise' }, [n.E]],
      [{ status: 'expired' }, [n.C]],
      [{ status: 'active' }, [n.B, n.A, n.E]],
      [{ endFrom: '2027-01-01', endTo: '2028-12-31' }, [n.B, n.A]],
      [{ organization: 'ÜNÏCØDÉ, "quoted' }, [n.C]],
      [{ licenseIdNumbers: [n.E, n.A] }, [n.A, n.E]],
      [{ cloud: 'gov-high' }, []],
    ];
    for (const [filters, expected] of cases) {
      const query = new URLSearchParams(
        Object.entries(filters).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value)]),
      );
      expect(await numbers(`?${query}`), JSON.stringify(filters)).toEqual(expected);
      const walked = await walking<{ licenseIdNumber: string }>(reader.cookie, filters);
      expect(
        walked.items.map((c) => c.licenseIdNumber),
        `read in order: ${JSON.stringify(filters)}`,
      ).toEqual(expected);
    }
    // Whole rows (roles, capabilities, administrators) alike, and a page at a time through the keyset.
    const all = (await get(t.app, reader, '/api/v1/contracts')).json<{ items: { licenseIdNumber: string }[] }>();
    expect((await walking(reader.cookie)).items).toEqual(all.items);
    const paged: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await walking(reader.cookie, { limit: 1, cursor });
      paged.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.items);

    const bad = await get(t.app, reader, '/api/v1/contracts?status=sleeping');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].name).toBe('querystring.status');
    expect((await get(t.app, reader, '/api/v1/contracts?licenseIdNumbers=a,,b')).statusCode).toBe(400);
  });

  it('exports the contracts list as RFC 4180 CSV with escaping and non-ASCII intact', async () => {
    const response = await get(t.app, reader, '/api/v1/contracts/export');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="contracts.csv"');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const records = parseCsv(response.body.slice(1));
    expect(records[0]).toEqual([
      'License ID',
      'Organization',
      'Location',
      'Program',
      'Parent agreement',
      'Cloud',
      'Start date',
      'End date',
      'Status',
      'Your roles',
    ]);
    expect(records.slice(1).map((r) => r[0])).toEqual([n.C, n.B, n.A, n.E]);
    expect(records[1]![1]).toBe(ODD_NAME);
    expect(response.body).toContain('"Ünïcødé, ""Quoted""\nCo"');
    const selected = parseCsv(
      (await get(t.app, reader, `/api/v1/contracts/export?licenseIdNumbers=${n.B}`)).body.slice(1),
    );
    expect(selected.map((r) => r[0])).toEqual(['License ID', n.B]);
  });

  it('shows details to roles that may see them and hides them (404) from others', async () => {
    const details = await get(t.app, reader, `/api/v1/contracts/${n.A}`);
    expect(details.statusCode, details.body).toBe(200);
    expect(details.json()).toMatchObject({
      licenseIdNumber: n.A,
      organizationName: 'Contoso Ltd',
      saEndDate: '2027-06-30',
      offerings: expect.arrayContaining([
        {
          productFamily: 'Office',
          product: 'Office 2024',
          version: '2024',
          pool: 'applications',
          licenseType: 'sa',
          quantity: 25,
        },
      ]),
      contacts: [],
      tenants: [],
    });
    const refused = await get(t.app, keysOnly, `/api/v1/contracts/${n.A}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('license_id.not_found');
    expect((await get(t.app, keysOnly, `/api/v1/contracts/${n.B}`)).statusCode).toBe(404);
  });

  it('lists orders on the License IDs whose orders the caller may see, filtered, paged and as CSV', async () => {
    const all = (await get(t.app, reader, '/api/v1/orders')).json();
    expect(
      all.items.map((o: { licenseIdNumber: string; orderedOn: string }) => [o.licenseIdNumber, o.orderedOn]),
    ).toEqual([
      [n.A, '2026-06-01'],
      [n.A, '2026-02-01'],
      [n.B, '2025-07-01'],
      [n.C, '2024-02-01'],
    ]);
    expect(all.items[0].lines).toHaveLength(3);
    // No N+1: a page of one order and a page of four take the same statements (session, orders, their lines).
    const statements = (limit: number) =>
      countQueries({ t }, () => get(t.app, reader, `/api/v1/orders?limit=${limit}`));
    expect(await statements(4)).toBe(await statements(1));
    expect(await statements(4)).toBe(3);
    const page1 = (await get(t.app, reader, '/api/v1/orders?sort=ordered-on-asc&limit=3')).json();
    const page2 = (
      await get(t.app, reader, `/api/v1/orders?sort=ordered-on-asc&limit=3&cursor=${page1.nextCursor}`)
    ).json();
    expect([...page1.items, ...page2.items].map((o: { orderedOn: string }) => o.orderedOn)).toEqual([
      '2024-02-01',
      '2025-07-01',
      '2026-02-01',
      '2026-06-01',
    ]);
    expect(page2.nextCursor).toBeNull();
    const windows = (await get(t.app, reader, '/api/v1/orders?q=windows')).json();
    expect(windows.items.map((o: { orderedOn: string }) => o.orderedOn)).toEqual(['2026-06-01']);
    const one = (await get(t.app, reader, `/api/v1/orders?licenseIdNumbers=${n.B}`)).json();
    expect(one.items).toHaveLength(1);

    // A product keys reader sees no orders; naming a License ID it may not see the orders of is a 404 on that field.
    expect((await get(t.app, keysOnly, '/api/v1/orders')).json().items).toEqual([]);
    const refused = await get(t.app, keysOnly, `/api/v1/orders?licenseIdNumbers=${n.A}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().fields).toEqual([
      {
        name: 'querystring.licenseIdNumbers.0',
        message: 'is not a License ID you may use for this',
        rule: 'license_id_unknown',
      },
    ]);
    const refusedExport = await get(t.app, keysOnly, `/api/v1/orders/export?licenseIdNumbers=${n.A}`);
    expect(refusedExport.statusCode).toBe(404);
    expect(refusedExport.headers['content-type']).toContain('application/problem+json');

    const csv = parseCsv((await get(t.app, reader, `/api/v1/orders/export?licenseIdNumbers=${n.A}`)).body.slice(1));
    expect(csv).toHaveLength(1 + 4);
    expect(csv[1]!.slice(0, 1).concat(csv[1]!.slice(8, 15))).toEqual([
      n.A,
      'P-0',
      'Office 2024',
      'Office',
      '2024',
      'applications',
      'sa',
      '25',
    ]);
  });

  it('computes the license summary: step-ups count, renewals do not double, expired SA and subscriptions drop out', async () => {
    const summary = async (numbers: string[], session = reader) => {
      const response = await post(t.app, session, '/api/v1/license-summary', { licenseIdNumbers: numbers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items;
    };
    // A: license+sa 25, sa 25 (renewal), sa-step-up 5 → effective 30, SA min(55, 30) = 30; Windows Server 4 / 0.
    expect(await summary([n.A])).toEqual([
      { productFamily: 'Office', version: '2024', pool: 'applications', effectiveQuantity: 30, activeSaQuantity: 30 },
      { productFamily: 'Windows Server', version: '2025', pool: 'servers', effectiveQuantity: 4, activeSaQuantity: 0 },
    ]);
    // B: SA ended 2026-06-30 → 10 / 0. C: expired agreement → the subscription is gone, the perpetual license stays.
    expect(await summary([n.B])).toEqual([
      { productFamily: 'Office', version: '2024', pool: 'applications', effectiveQuantity: 10, activeSaQuantity: 0 },
    ]);
    expect(await summary([n.C])).toEqual([
      { productFamily: 'Office', version: '2024', pool: 'applications', effectiveQuantity: 2, activeSaQuantity: 0 },
    ]);
    // Together: per License ID first, so A's renewal does not cover B's licenses.
    expect(await summary([n.A, n.B, n.C])).toEqual([
      { productFamily: 'Office', version: '2024', pool: 'applications', effectiveQuantity: 42, activeSaQuantity: 30 },
      { productFamily: 'Windows Server', version: '2025', pool: 'servers', effectiveQuantity: 4, activeSaQuantity: 0 },
    ]);
    // The SA of A runs out on 2027-06-30: a year later the same data shows no active SA.
    t.clock.set(new Date('2027-07-01T12:00:00Z'));
    try {
      const later = await signIn(t.app, 'reader@contoso.example', TEST_PASSWORD);
      expect((await summary([n.A], later))[0]).toMatchObject({ effectiveQuantity: 30, activeSaQuantity: 0 });
    } finally {
      t.clock.set(new Date('2026-11-23T12:00:00Z'));
    }

    const refused = await post(t.app, keysOnly, '/api/v1/license-summary', { licenseIdNumbers: [n.A] });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().fields[0].name).toBe('body.licenseIdNumbers.0');
    // The refusal names the first License ID that is not the caller's, wherever it stands.
    const second = await post(t.app, reader, '/api/v1/license-summary', { licenseIdNumbers: [n.A, 'V9999999', n.B] });
    expect(second.statusCode).toBe(404);
    expect(second.json().fields[0].name).toBe('body.licenseIdNumbers.1');
    // More than 1,000 is a report job (license-summary-reports.test.ts); unknown ones are still refused first.
    const unknown = await post(t.app, reader, '/api/v1/license-summary', {
      licenseIdNumbers: Array.from({ length: 1001 }, (_, i) => `V${String(i).padStart(7, '0')}`),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().fields[0].name).toBe('body.licenseIdNumbers.0');
    const empty = await post(t.app, reader, '/api/v1/license-summary', { licenseIdNumbers: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields[0].name).toBe('body.licenseIdNumbers');
  });

  it('exports the license summary as CSV: the same figures, the same refusals', async () => {
    const exported = await get(t.app, reader, `/api/v1/license-summary/export?licenseIdNumbers=${n.A},${n.B},${n.C}`);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="license-summary.csv"');
    expect(exported.body.startsWith('\uFEFF')).toBe(true);
    // The hand-checked figures of the test above, in the JSON answer's order.
    expect(parseCsv(exported.body.slice(1))).toEqual([
      ['Product family', 'Version', 'Pool', 'Effective quantity', 'Active Software Assurance quantity'],
      ['Office', '2024', 'applications', '42', '30'],
      ['Windows Server', '2025', 'servers', '4', '0'],
    ]);
    // Without a selection: all of the caller's License IDs that show a summary (here A, B and C), as the JSON says.
    const all = await get(t.app, reader, '/api/v1/license-summary/export');
    const json = (await post(t.app, reader, '/api/v1/license-summary', { allLicenseIds: true })).json();
    expect(parseCsv(all.body.slice(1)).slice(1)).toEqual(
      json.items.map((i: Record<string, unknown>) =>
        [i.productFamily, i.version, i.pool, i.effectiveQuantity, i.activeSaQuantity].map(String),
      ),
    );

    // A License ID the caller may not summarize is a 404 naming its place in the list, before any byte of CSV.
    const refused = await get(t.app, keysOnly, `/api/v1/license-summary/export?licenseIdNumbers=${n.A}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().fields[0].name).toBe('querystring.licenseIdNumbers.0');
    const second = await get(t.app, reader, `/api/v1/license-summary/export?licenseIdNumbers=${n.A},V9999999`);
    expect(second.json().fields[0].name).toBe('querystring.licenseIdNumbers.1');
    const malformed = await get(t.app, reader, '/api/v1/license-summary/export?licenseIdNumbers=a%20b');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().fields[0].name).toBe('querystring.licenseIdNumbers');
    const unknownParameter = await get(t.app, reader, '/api/v1/license-summary/export?status=active');
    expect(unknownParameter.statusCode).toBe(400);
  });

  it('streams a large export in batches without losing or repeating a row', async () => {
    const org = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Bulk Co' } });
    const tenant = await createTenant(t.db.db);
    const { profiles } = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'bulk@bulk.example' });
    const [partnerRow] = await t.db.db
      .select({ partnerId: licenseIds.partnerId })
      .from(licenseIds)
      .where(eq(licenseIds.id, id.A));
    const total = 2500;
    const rows = await t.db.db
      .insert(licenseIds)
      .values(
        Array.from({ length: total }, (_, i) => ({
          number: `BULK${String(i).padStart(6, '0')}`,
          organizationId: org,
          programId: 'select-plus',
          partnerId: partnerRow!.partnerId,
          cloud: 'public',
          startDate: '2026-01-01',
          endDate: `2027-${String((i % 12) + 1).padStart(2, '0')}-15`,
        })),
      )
      .returning({ id: licenseIds.id });
    await t.db.db.insert(vlRoleAssignments).values(
      rows.map((r) => ({
        vlProfileId: profiles[0]!.id,
        licenseIdId: r.id,
        role: 'license-position-reader',
        grantedAt: t.clock.now(),
      })),
    );
    const s = await signIn(t.app, 'bulk@bulk.example', TEST_PASSWORD);
    const records = parseCsv((await get(t.app, s, '/api/v1/contracts/export')).body.slice(1)).slice(1);
    expect(records).toHaveLength(total);
    expect(new Set(records.map((r) => r[0])).size).toBe(total);
    const ends = records.map((r) => `${r[7]} ${r[0]}`);
    expect(ends).toEqual([...ends].sort());
  });
});
