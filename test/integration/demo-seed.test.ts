// The demo world (src/demo/seed.ts) shows something on every page a new user tries: the Litware licensing lead holds
// three License IDs with orders; the other demo accounts keep no VL roles (the end-to-end tests rely on that).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SIGN_INS, seedDemo } from '../../src/demo/seed.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';

describe('demo world', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    expect(await seedDemo(t.db.db, t.clock)).toBe(true);
  });

  afterAll(async () => {
    await t?.close();
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
});
