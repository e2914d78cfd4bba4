// Product keys (SPEC §3, §7, §8; issue 6): operators load pools per product and type; keys are assigned to License IDs
// when orders arrive, in the order's transaction; an empty pool records a shortfall the operator lists (and loading
// keys fills it) instead of a silent gap; keys are sealed at rest (no plain text in a dump), listed masked, revealed
// and exported (tab-delimited, SPEC §7 columns, escaped) with an audit entry each; a Product keys reader can list and
// reveal, a Product download manager cannot.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { auditLog, productKeys } from '../../src/db/schema.js';
import {
  addLicenseId,
  addProduct,
  call,
  countQueries,
  createCatalogWorld,
  line,
  order,
  vlUser,
  type CatalogWorld,
  type Headers,
  type ProductFixture,
} from '../helpers/catalog-world.js';
import { createLicenseId, createOrganization, licenseIdBody } from '../helpers/partner.js';

type KeysPage = {
  items: {
    productId: string;
    name: string;
    needsKey: boolean;
    note: string | null;
    keys: {
      id: string;
      type: string;
      maskedKey: string;
      activationsAllowed: number | null;
      activationsUsed: number;
      seats: number | null;
      onlineActivationState: string | null;
    }[];
    pendingKeyTypes: string[];
  }[];
  nextCursor: string | null;
};

const MAK = ['MAK01-AAAAA-BBBBB-CCCCC-11111', 'MAK02-AAAAA-BBBBB-CCCCC-22222', 'MAK03-AAAAA-BBBBB-CCCCC-33333'];
const KMS = ['KMS01-DDDDD-EEEEE-FFFFF-44444', 'KMS02-DDDDD-EEEEE-FFFFF-55555'];
const VIS = ['VIS01-AAAAA-BBBBB-CCCCC-77777', 'VIS02-AAAAA-BBBBB-CCCCC-88888'];
const ZERO = '00000000-0000-4000-8000-000000000000';
const ALL_KEYS = [...MAK, ...KMS, ...VIS];

let w: CatalogWorld;
let office: ProductFixture; // MAK + KMS host
let viewer: ProductFixture; // needs no key
let first: { id: string; number: string };
let second: { id: string; number: string };
/** A License ID the reader may view keys on that has none (nothing ordered). */
let keyless: { id: string; number: string };
let reader: { accountId: string; headers: Headers };
let manager: { accountId: string; headers: Headers };

const loadKeys = (productId: string, body: Record<string, unknown>) =>
  call(w, 'POST', `/api/v1/operator/products/${productId}/keys`, w.operator, body);
const keysOf = async (number: string, headers: Headers) => {
  const response = await call(w, 'GET', `/api/v1/license-ids/${number}/keys`, headers);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<KeysPage>();
};
const officeKeys = async (number: string, headers: Headers = reader.headers) =>
  (await keysOf(number, headers)).items.find((i) => i.productId === office.id)!;

beforeAll(async () => {
  // Tabs, line breaks and a backslash in the names the export must escape.
  w = await createCatalogWorld({ organizationName: 'Contoso\tEast\nWing \\ Ltd' });
  office = await addProduct(w, { name: 'Office LTSC Professional Plus', keyTypes: ['mak', 'kms-host'] });
  viewer = await addProduct(w, { name: 'Office Viewer', needsKey: false });
  const mak = await loadKeys(office.id, {
    type: 'mak',
    keys: [
      { key: MAK[0]!.toLowerCase(), activationsAllowed: 500 },
      { key: ` ${MAK[1]} `, activationsAllowed: 250 },
    ],
  });
  expect(mak.statusCode, mak.body).toBe(200);
  expect(mak.json()).toEqual({ loaded: 2, duplicates: 0, shortfallsFilled: 0, available: 2 });
  const kms = await loadKeys(office.id, { type: 'kms-host', keys: [{ key: KMS[0]!, seats: 6 }] });
  expect(kms.json()).toMatchObject({ loaded: 1, available: 1 });
  first = await addLicenseId(w, { programId: 'select-plus' });
  second = await addLicenseId(w, { programId: 'select-plus' });
  await order(w, first.number, [line(office), line(viewer)]);
  await order(w, second.number, [line(office)]);
  keyless = await addLicenseId(w, { programId: 'select-plus' });
  reader = await vlUser(w, {
    [first.id]: ['product-keys-reader'],
    [second.id]: ['product-keys-reader'],
    [keyless.id]: ['product-keys-reader'],
  });
  manager = await vlUser(w, { [first.id]: ['product-download-manager'] });
});
afterAll(() => w.close());

describe('assignment when orders arrive', () => {
  it('the first License ID got one key of each of the product’s types, oldest first', async () => {
    const keys = (await officeKeys(first.number)).keys;
    expect(keys.map((k) => [k.type, k.maskedKey])).toEqual([
      ['kms-host', 'XXXXX-XXXXX-XXXXX-XXXXX-44444'],
      ['mak', 'XXXXX-XXXXX-XXXXX-XXXXX-11111'],
    ]);
    expect(keys.find((k) => k.type === 'mak')).toMatchObject({ activationsAllowed: 500, activationsUsed: 0 });
    expect(keys.find((k) => k.type === 'kms-host')).toMatchObject({ seats: 6, activationsAllowed: null });
  });

  it('an empty pool does not refuse the order: the shortfall is recorded, audited, listed and shown as pending', async () => {
    const item = await officeKeys(second.number);
    expect(item.keys.map((k) => k.type)).toEqual(['mak']);
    expect(item.pendingKeyTypes).toEqual(['kms-host']);
    expect(item.note).toMatch(/pending/);
    const shortfalls = await call(w, 'GET', '/api/v1/operator/key-shortfalls', w.operator);
    expect(shortfalls.statusCode).toBe(200);
    expect(shortfalls.json().items).toEqual([
      expect.objectContaining({
        licenseIdNumber: second.number,
        productId: office.id,
        product: 'Office LTSC Professional Plus 2024',
        type: 'kms-host',
      }),
    ]);
    const audit = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product_key.shortfall'));
    expect(audit.map((a) => [a.licenseIdNumber, a.details.type])).toEqual([[second.number, 'kms-host']]);
  });

  it('a second order of the same product assigns nothing more', async () => {
    await order(w, first.number, [line(office, 5)]);
    expect((await officeKeys(first.number)).keys).toHaveLength(2);
  });

  it('loading keys fills open shortfalls first; duplicates are skipped', async () => {
    const response = await loadKeys(office.id, {
      type: 'kms-host',
      keys: [{ key: KMS[0]! }, { key: KMS[1]!, seats: 6 }, { key: KMS[1]! }],
    });
    expect(response.json()).toEqual({ loaded: 1, duplicates: 2, shortfallsFilled: 1, available: 0 });
    const item = await officeKeys(second.number);
    expect(item.pendingKeyTypes).toEqual([]);
    expect(item.keys.map((k) => k.maskedKey)).toContain('XXXXX-XXXXX-XXXXX-XXXXX-55555');
    expect((await call(w, 'GET', '/api/v1/operator/key-shortfalls', w.operator)).json().items).toEqual([]);
    const product = await call(w, 'GET', `/api/v1/operator/products/${office.id}`, w.operator);
    expect(product.json().keyPools).toEqual([
      { type: 'mak', available: 0, assigned: 2, shortfalls: 0 },
      { type: 'kms-host', available: 0, assigned: 2, shortfalls: 0 },
    ]);
  });

  it('two orders of one product arriving at once give the License ID one key, not two', async () => {
    const visio = await addProduct(w, { name: 'Visio LTSC Professional' });
    await loadKeys(visio.id, {
      type: 'mak',
      keys: VIS.map((key) => ({ key })),
    });
    const third = await addLicenseId(w, { programId: 'select-plus' });
    await Promise.all([order(w, third.number, [line(visio)]), order(w, third.number, [line(visio)])]);
    const rows = await w.t.db.db.select().from(productKeys).where(eq(productKeys.licenseIdId, third.id));
    expect(rows).toHaveLength(1);
  });

  it('the number of queries does not grow with the page (no N+1)', async () => {
    const list = (limit: number) => () =>
      call(w, 'GET', `/api/v1/license-ids/${first.number}/keys?limit=${limit}`, reader.headers);
    expect(
      (await call(w, 'GET', `/api/v1/license-ids/${first.number}/keys`, reader.headers)).json().items,
    ).toHaveLength(2);
    const one = await countQueries(w, list(1));
    expect(one).toBeGreaterThan(2);
    expect(await countQueries(w, list(2))).toBe(one);
  });

  it('a product that needs no key says so', async () => {
    const item = (await keysOf(first.number, reader.headers)).items.find((i) => i.productId === viewer.id)!;
    expect(item).toMatchObject({ needsKey: false, keys: [], note: 'This product does not require a product key.' });
  });
});

describe('encryption at rest', () => {
  it('no key appears in plain text anywhere in the product_keys table', async () => {
    await loadKeys(office.id, { type: 'mak', keys: [{ key: MAK[2]! }] });
    const dump = JSON.stringify(await queryRows(w.t.db.db, sql`select * from product_keys`));
    expect((dump.match(/"key_encrypted":"v1\./g) ?? []).length).toBe(ALL_KEYS.length);
    for (const key of ALL_KEYS) {
      for (const form of [key, key.toLowerCase(), key.replace(/-/g, ''), key.slice(0, 17)])
        expect(dump.includes(form), form).toBe(false);
    }
    // Nor in the audit log.
    const audit = JSON.stringify(await queryRows(w.t.db.db, sql`select * from audit_log`));
    for (const key of ALL_KEYS) expect(audit.includes(key), key).toBe(false);
  });
});

describe('reveal and export', () => {
  it('reveals one key in plain text and audits it', async () => {
    const mak = (await officeKeys(first.number)).keys.find((k) => k.type === 'mak')!;
    const response = await call(w, 'POST', `/api/v1/license-ids/${first.number}/keys/${mak.id}/reveal`, reader.headers);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: mak.id, key: MAK[0], type: 'mak', productId: office.id });
    const copied = await call(
      w,
      'POST',
      `/api/v1/license-ids/${first.number}/keys/${mak.id}/reveal?purpose=copy`,
      reader.headers,
    );
    expect(copied.json().key).toBe(MAK[0]);
    const entries = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product_key.revealed'));
    expect(entries.map((e) => [e.actorAccountId, e.licenseIdNumber, e.target, e.details.purpose])).toEqual([
      [reader.accountId, first.number, mak.id, 'show'],
      [reader.accountId, first.number, mak.id, 'copy'],
    ]);
  });

  it('a key of another License ID cannot be revealed through this one', async () => {
    const other = (await officeKeys(second.number)).keys[0]!;
    const response = await call(
      w,
      'POST',
      `/api/v1/license-ids/${first.number}/keys/${other.id}/reveal`,
      reader.headers,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('product_key.not_found');
  });

  it('exports the License ID’s keys tab-delimited with SPEC §7 columns, escaping tabs and line breaks', async () => {
    const response = await call(w, 'GET', `/api/v1/license-ids/${first.number}/keys/export`, reader.headers);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="product-keys-.*\.tsv"$/);
    const lines = response.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'License ID\tParent program\tOrganization\tProduct\tKey\tType\tActivations used\tActivations available\tSeats\tOnline activation state',
    );
    expect(lines.slice(1)).toEqual([
      `${first.number}\tSelect Plus\tContoso\\tEast\\nWing \\\\ Ltd\tOffice LTSC Professional Plus 2024\t${KMS[0]}\tkms-host\t\t\t6\t`,
      `${first.number}\tSelect Plus\tContoso\\tEast\\nWing \\\\ Ltd\tOffice LTSC Professional Plus 2024\t${MAK[0]}\tmak\t0\t500\t\t`,
    ]);
    for (const l of lines) expect(l.split('\t')).toHaveLength(10);
    const entries = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product_keys.exported'));
    expect(entries.map((e) => [e.licenseIdNumber, e.details])).toEqual([[first.number, { keys: 2, selection: 'all' }]]);
  });

  it('exports selected keys, and across License IDs', async () => {
    const mak = (await officeKeys(second.number)).keys.find((k) => k.type === 'mak')!;
    const selected = await call(
      w,
      'GET',
      `/api/v1/license-ids/${second.number}/keys/export?keyIds=${mak.id}`,
      reader.headers,
    );
    expect(selected.body.trim().split('\r\n')).toHaveLength(2);
    expect(selected.body).toContain(MAK[1]);

    const across = await call(
      w,
      'GET',
      `/api/v1/keys/export?licenseIdNumbers=${first.number},${second.number}`,
      reader.headers,
    );
    expect(across.statusCode, across.body).toBe(200);
    const rows = across.body.trim().split('\r\n').slice(1);
    expect(rows.map((r) => r.split('\t')[0])).toEqual([first.number, first.number, second.number, second.number]);
    const all = await call(w, 'GET', '/api/v1/keys/export', reader.headers);
    expect(all.body).toBe(across.body);
    // The License ID without keys is in "all" but revealed nothing: no entry for it, here or exported alone.
    const none = await call(w, 'GET', `/api/v1/keys/export?licenseIdNumbers=${keyless.number}`, reader.headers);
    expect(none.statusCode, none.body).toBe(200);
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    const entries = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product_keys.exported'));
    expect(entries).toHaveLength(1 + 1 + 2 + 2);
    expect(entries.map((e) => e.licenseIdNumber)).not.toContain(keyless.number);
  });

  it('the cross export refuses a License ID the caller may not view keys on, naming the field', async () => {
    const response = await call(w, 'GET', `/api/v1/keys/export?licenseIdNumbers=${first.number}`, manager.headers);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'license_id.not_found',
      fields: [{ name: 'querystring.licenseIdNumbers' }],
    });
    const nothing = await call(w, 'GET', '/api/v1/keys/export', manager.headers);
    expect(nothing.statusCode).toBe(200);
    expect(nothing.body.split('\r\n')).toHaveLength(2); // the header and the final line break
  });
});

describe('roles', () => {
  it('a Product download manager cannot list, reveal or export keys (404)', async () => {
    const mak = (await officeKeys(first.number)).keys[0]!;
    for (const [method, url] of [
      ['GET', `/api/v1/license-ids/${first.number}/keys`],
      ['POST', `/api/v1/license-ids/${first.number}/keys/${mak.id}/reveal`],
      ['GET', `/api/v1/license-ids/${first.number}/keys/export`],
    ] as const) {
      const response = await call(w, method, url, manager.headers);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('license_id.not_found');
    }
  });

  it('a Product keys reader can list and reveal keys but is refused downloads (404)', async () => {
    const mak = (await officeKeys(first.number)).keys.find((k) => k.type === 'mak')!;
    const revealed = await call(w, 'POST', `/api/v1/license-ids/${first.number}/keys/${mak.id}/reveal`, reader.headers);
    expect(revealed.statusCode).toBe(200);
    for (const [method, url] of [
      ['GET', `/api/v1/license-ids/${first.number}/downloads`],
      ['POST', `/api/v1/license-ids/${first.number}/downloads/${ZERO}/link`],
    ] as const) {
      const response = await call(w, method, url, reader.headers);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code).toBe('license_id.not_found');
    }
  });
});

describe('bad input', () => {
  it('names the field for every route', async () => {
    const expectField = async (response: Awaited<ReturnType<typeof call>>, field: string) => {
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().fields[0].name).toBe(field);
    };
    await expectField(await loadKeys(office.id, { type: 'retail', keys: [{ key: 'AAAAA-BBBBB' }] }), 'body.type');
    await expectField(await loadKeys(office.id, { type: 'kms-client', keys: [{ key: 'AAAAA-BBBBB' }] }), 'body.type');
    await expectField(await loadKeys(office.id, { type: 'mak', keys: [{ key: 'AAAAA BBBBB' }] }), 'body.keys.0.key');
    await expectField(await loadKeys(office.id, { type: 'mak', keys: [] }), 'body.keys');
    await expectField(
      await loadKeys(office.id, { type: 'mak', keys: [{ key: 'AAAAA-BBBBB', activationsAllowed: 0 }] }),
      'body.keys.0.activationsAllowed',
    );
    await expectField(
      await loadKeys(office.id, { type: 'mak', keys: [{ key: 'AAAAA-BBBBB', x: 1 }] }),
      'body.keys.0.x',
    );
    const noKey = await loadKeys(viewer.id, { type: 'mak', keys: [{ key: 'AAAAA-BBBBB' }] });
    expect(noKey.statusCode).toBe(409);
    expect(noKey.json().code).toBe('product.needs_no_key');
    expect(
      (await loadKeys('00000000-0000-4000-8000-000000000000', { type: 'mak', keys: [{ key: 'AAAAA-BBBBB' }] }))
        .statusCode,
    ).toBe(404);
    await expectField(
      await call(w, 'POST', `/api/v1/license-ids/${first.number}/keys/not-a-uuid/reveal`, reader.headers),
      'params.keyId',
    );
    await expectField(
      await call(w, 'POST', `/api/v1/license-ids/${first.number}/keys/${ZERO}/reveal?purpose=print`, reader.headers),
      'querystring.purpose',
    );
    await expectField(
      await call(w, 'GET', `/api/v1/license-ids/${first.number}/keys?limit=500`, reader.headers),
      'querystring.limit',
    );
    await expectField(
      await call(w, 'GET', `/api/v1/license-ids/${first.number}/keys/export?keyIds=nope`, reader.headers),
      'querystring.keyIds',
    );
    await expectField(
      await call(w, 'GET', '/api/v1/keys/export?licenseIdNumbers=a,,b', reader.headers),
      'querystring.licenseIdNumbers',
    );
    await expectField(
      await call(w, 'GET', '/api/v1/operator/key-shortfalls?cursor=zzz', w.operator),
      'querystring.cursor',
    );
    const unknownKey = await call(
      w,
      'GET',
      `/api/v1/license-ids/${first.number}/keys/export?keyIds=00000000-0000-4000-8000-000000000000`,
      reader.headers,
    );
    expect(unknownKey.statusCode).toBe(404);
  });

  it('nothing about a refused load reached the database', async () => {
    const rows = await w.t.db.db.select({ id: productKeys.id }).from(productKeys);
    expect(rows).toHaveLength(ALL_KEYS.length);
  });
});

describe('large exports', () => {
  it('streams thousands of keys in batches, each once, in order', async () => {
    const project = await addProduct(w, { name: 'Project Professional' });
    const many = Array.from({ length: 2345 }, (_, i) => `PRJ${String(i).padStart(5, '0')}-AAAAA-BBBBB-CCCCC`);
    const loaded = await loadKeys(project.id, { type: 'mak', keys: many.map((key) => ({ key })) });
    expect(loaded.json()).toMatchObject({ loaded: many.length });
    const big = await addLicenseId(w, { programId: 'select-plus' });
    await w.t.db.db.update(productKeys).set({ licenseIdId: big.id }).where(eq(productKeys.productId, project.id));
    const user = await vlUser(w, { [big.id]: ['administrator'] });
    const response = await call(w, 'GET', `/api/v1/license-ids/${big.number}/keys/export`, user.headers);
    expect(response.statusCode).toBe(200);
    const keys = response.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split('\t')[4]);
    expect(keys).toEqual([...many].sort());
  });
});

describe('spreadsheet safety', () => {
  it('defuses formulas in names (= + - @) and keeps tabs and line breaks inside their cells', async () => {
    const organizationId = await createOrganization(w.t.app, w.t.db.db, w.partner, {
      body: { name: '=HYPERLINK("https://evil.example","Click")\tCol\nRow' },
    });
    const licenseId = (await createLicenseId(w.t.app, w.partner, licenseIdBody(organizationId))).licenseId;
    const formulas = await Promise.all(
      ['+SUM(1,2)', '-2+3', '@cmd|calc'].map((name) => addProduct(w, { family: 'Formulas', name })),
    );
    for (const [i, product] of formulas.entries())
      await loadKeys(product.id, { type: 'mak', keys: [{ key: `FRM0${i}-AAAAA-BBBBB-CCCCC-DDDDD` }] });
    await order(
      w,
      licenseId.number,
      formulas.map((p) => line(p)),
    );
    const user = await vlUser(w, { [licenseId.id]: ['product-keys-reader'] });

    const response = await call(w, 'GET', `/api/v1/license-ids/${licenseId.number}/keys/export`, user.headers);
    expect(response.statusCode, response.body).toBe(200);
    const rows = response.body
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split('\t'));
    expect(rows).toHaveLength(3);
    for (const cells of rows) {
      expect(cells).toHaveLength(10);
      expect(cells[2]).toBe(`'=HYPERLINK("https://evil.example","Click")\\tCol\\nRow`);
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/);
    }
    expect(rows.map((cells) => cells[3])).toEqual(["'+SUM(1,2) 2024", "'-2+3 2024", "'@cmd|calc 2024"]);
  });
});
