// Every API route declares who may call it; this test walks them all, so a route without a declaration — or a new
// public route nobody meant to make public — fails here.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// Routes of the API that anyone may call without signing in. Adding one is a security decision: say why here.
const PUBLIC_API_ROUTES = [
  'POST /api/v1/auth/sign-in', // the way in
  'GET /api/v1/openapi.json', // the published contract
  'GET /api/v1/realm', // the sign-in page asks it before sign-in; answers by domain only, never per mailbox (rate-limited)
  'POST /api/v1/auth/sign-up/code', // work sign-up, step 1: e-mails a code to prove the mailbox (rate-limited)
  'POST /api/v1/auth/sign-up', // self-service sign-up: people with no account yet (rate-limited)
  'POST /api/v1/tenants', // SPEC §2 "New tenant": anyone may create a managed tenant (rate-limited)
  'GET /api/v1/invitations/:token', // SPEC §5 landing page before sign-in; reads only, 256-bit token (rate-limited)
  // SPEC §8 signed download link: download tools fetch it without a session; the HMAC-signed token names the file,
  // License ID and account, expires in minutes, and the account's role is checked again on every use (rate-limited)
  'GET /api/v1/downloads/:token',
  // SPEC §10 public contact form for people who cannot sign in: step 1 e-mails a code (rate-limited per client and
  // per address), step 2 sends the request with it (single use, expiring, 5 guesses; rate-limited)
  'POST /api/v1/support/contact/code',
  'POST /api/v1/support/contact',
];

const apiRoutes = () =>
  t.app.routeTable
    .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
    .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

it('every API route declares its access', () => {
  expect(apiRoutes().length).toBeGreaterThan(3);
  expect(apiRoutes().filter((r) => r.access === undefined)).toEqual([]);
});

it('public API routes are exactly the intended ones (the dev mailbox checks its own audience)', () => {
  const publicRoutes = apiRoutes()
    .filter((r) => r.access === 'public')
    .map((r) => r.key)
    .filter((key) => !key.startsWith('GET /api/v1/dev/'));
  expect(publicRoutes.sort()).toEqual([...PUBLIC_API_ROUTES].sort());
});

it('signed out, every non-public API route answers 401 problem+json', async () => {
  for (const route of apiRoutes().filter((r) => r.access !== 'public')) {
    const response = await t.app.inject({
      method: route.method as 'GET',
      url: route.url.replace(/:(\w+)/g, 'x'),
      payload: {},
    });
    expect(response.statusCode, route.key).toBe(401);
    expect(response.json().code, route.key).toBe('auth.required');
  }
});

it('operator routes answer 404 to a signed-in customer, as if they did not exist', async () => {
  const tenant = await createTenant(t.db.db);
  await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'customer@route-access.example' });
  const s = await signIn(t.app, 'customer@route-access.example', TEST_PASSWORD);
  for (const route of apiRoutes().filter((r) => r.access === 'operator')) {
    const response = await t.app.inject({
      method: route.method as 'GET',
      url: route.url.replace(/:(\w+)/g, 'x'),
      headers: s.headers,
      payload: {},
    });
    expect(response.statusCode, route.key).toBe(404);
  }
});

it('partner routes answer 404 to signed-in customers and operators, and 401 to an unknown bearer token', async () => {
  const tenant = await createTenant(t.db.db);
  await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'partner-probe@route-access.example' });
  await createAccount(t.db.db, {
    tenantId: tenant.id,
    signInName: 'operator-probe@route-access.example',
    isOperator: true,
  });
  const partnerRoutes = apiRoutes().filter((r) => r.access === 'partner');
  expect(partnerRoutes.length).toBeGreaterThan(0);
  for (const login of ['partner-probe@route-access.example', 'operator-probe@route-access.example']) {
    const s = await signIn(t.app, login, TEST_PASSWORD);
    for (const route of partnerRoutes) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: route.url.replace(/:(\w+)/g, 'x'),
        headers: s.headers,
        payload: {},
      });
      expect(response.statusCode, `${login} ${route.key}`).toBe(404);
    }
  }
  for (const route of partnerRoutes) {
    const response = await t.app.inject({
      method: route.method as 'GET',
      url: route.url.replace(/:(\w+)/g, 'x'),
      headers: { authorization: `Bearer vlp_${'x'.repeat(43)}` },
      payload: {},
    });
    expect(response.statusCode, route.key).toBe(401);
    expect(response.json().code, route.key).toBe('auth.token_invalid');
  }
});
