// The demo world (src/demo/seed.ts) shows something on every page a new user tries: the Litware licensing lead holds
// three License IDs with orders, files to download and product keys; the other demo accounts keep no VL roles (the
// end-to-end tests rely on that).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SIGN_INS, seedDemo } from '../../src/demo/seed.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';

describe('demo world', () => {
  let t: TestApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-demo-'));
    t = await createTestApp({ config: { dataDir } });
    expect(await seedDemo(t.db.db, t.clock, t.config, t.config.secretKey!)).toBe(true);
  });

  afterAll(async () => {
    await t?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('lets every listed demo account sign in', async () => {
    for (const { signInName } of DEMO_SIGN_INS) await signIn(t.app, signInName, DEMO_PASSWORD);
  });

  it('gives the Litware lead three contracts with orders and a license summary', async () => {
    const lee = await signIn(t.app, 'lee@litware.example', DEMO_PASSWORD);
    const contracts = await t.app.inject({ method: 'GET', url: '/api/v1/contracts', headers: lee.headers });
    expect(contracts.statusCode, contracts.body).toBe(200);
    const rows = contracts.json().items as { licenseIdNumber: string; roles: string[] }[];
    // Nearest end date first.
    expect(rows.map((r) => r.licenseIdNumber)).toEqual(['LW-1002', 'LW-1001', 'LW-1003']);
    expect(rows.every((r) => r.roles.includes('administrator'))).toBe(true);

    const summary = await t.app.inject({
      method: 'POST',
      url: '/api/v1/license-summary',
      headers: lee.headers,
      payload: { allLicenseIds: true },
    });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().items).toContainEqual({
      productFamily: 'Windows',
      version: '24H2',
      pool: 'systems',
      effectiveQuantity: 310,
      activeSaQuantity: 310,
    });

    const admin = await signIn(t.app, 'admin@contoso.example', DEMO_PASSWORD);
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/contracts', headers: admin.headers });
    expect(none.json().items).toEqual([]);
  });

  it('lets the Litware lead download what LW-1001 ordered and read its product keys', async () => {
    const lee = await signIn(t.app, 'lee@litware.example', DEMO_PASSWORD);
    const downloads = await t.app.inject({
      method: 'GET',
      url: '/api/v1/license-ids/LW-1001/downloads',
      headers: lee.headers,
    });
    expect(downloads.statusCode, downloads.body).toBe(200);
    type Product = { name: string; files: { id: string; language: string; sha256: string }[] };
    const products = downloads.json<{ items: Product[] }>().items;
    // Select Plus shows what was ordered: Office with its two languages; the other ordered products have no files.
    const office = products.find((p) => p.name === 'Office LTSC Professional Plus')!;
    expect(office.files.map((f) => f.language)).toEqual(['en-US', 'nl-NL']);
    expect(products.map((p) => p.name)).not.toContain('Windows 11 Enterprise');

    const english = office.files[0]!;
    const link = await t.app.inject({
      method: 'POST',
      url: `/api/v1/license-ids/LW-1001/downloads/${english.id}/link`,
      headers: lee.headers,
    });
    expect(link.statusCode, link.body).toBe(201);
    const file = await t.app.inject({ method: 'GET', url: link.json<{ path: string }>().path });
    expect(file.statusCode).toBe(200);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(english.sha256);

    const keys = await t.app.inject({ method: 'GET', url: '/api/v1/license-ids/LW-1001/keys', headers: lee.headers });
    expect(keys.statusCode, keys.body).toBe(200);
    type Keys = {
      name: string;
      needsKey: boolean;
      keys: { type: string; maskedKey: string }[];
      pendingKeyTypes: string[];
    };
    const byName = new Map(keys.json<{ items: Keys[] }>().items.map((p) => [p.name, p]));
    expect(byName.get('Office LTSC Professional Plus')).toMatchObject({
      keys: [{ type: 'mak', maskedKey: expect.stringMatching(/^XXXXX-XXXXX-XXXXX-XXXXX-\w{5}$/) as string }],
      pendingKeyTypes: [],
    });
    expect(byName.get('Windows Server Datacenter')).toMatchObject({
      keys: [{ type: 'kms-host' }],
      pendingKeyTypes: [],
    });
    expect(byName.get('SQL Server Standard')).toMatchObject({ needsKey: false, keys: [] });
  });
});
