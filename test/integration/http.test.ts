import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Problem = { status: number; code: string; type: string; title: string; detail: string; fields?: unknown };
const expectProblem = (
  response: { statusCode: number; headers: Record<string, unknown>; json(): Problem },
  status: number,
  code: string,
) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status, code, type: `urn:vlcenter:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(body.detail.length).toBeGreaterThan(10);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+|select |insert /i);
  return body;
};

describe('bad requests get a 4xx problem+json', () => {
  it('an unknown API route', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/no-such-thing' }), 404, 'route.not_found');
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/nothing-here' }), 404, 'route.not_found');
  });

  it('a malformed JSON body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"login": "a@b.example", "password": ',
    });
    expectProblem(response, 400, 'request.malformed_body');
  });

  it('an empty JSON body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectProblem(response, 400, 'request.malformed_body');
  });

  it('an oversized payload', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { login: 'a@b.example', password: 'x'.repeat(300 * 1024) },
    });
    expectProblem(response, 413, 'request.too_large');
  });

  it('a body of another media type', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expectProblem(response, 415, 'request.unsupported_media_type');
  });

  it('a body that fails validation names the field', async () => {
    const body = expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: 'a@b.example', password: 42 },
      }),
      400,
      'request.invalid',
    );
    expect(body.fields).toEqual([{ name: 'body.password', message: expect.any(String), rule: 'type' }]);
  });

  it('names the rule a field broke, with its limit, for clients to say in their own language', async () => {
    const body = expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: 'a@b.example', password: 'x'.repeat(5000) },
      }),
      400,
      'request.invalid',
    );
    expect(body.fields).toEqual([
      {
        name: 'body.password',
        message: expect.stringContaining('characters'),
        rule: 'too_long',
        limit: expect.any(Number),
      },
    ]);
    const missing = expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: 'a@b.example' } }),
      400,
      'request.invalid',
    );
    expect(missing.fields).toEqual([{ name: 'body.password', message: 'is required', rule: 'required' }]);
  });
});

describe('failures on our side', () => {
  it('become a generic 500 problem without internals', async () => {
    const broken = await createTestApp();
    const tenant = await createTenant(broken.db.db);
    await createAccount(broken.db.db, { tenantId: tenant.id, signInName: 'li@broken.example' });
    const s = await signIn(broken.app, 'li@broken.example', TEST_PASSWORD);
    await broken.db.close(); // the database goes away under the running app
    const response = await broken.app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
    expectProblem(response, 500, 'internal');
    const ready = await broken.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    await broken.app.close();
  });
});

describe('operability', () => {
  it('/healthz and /readyz', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('/metrics exposes Prometheus metrics including request durations', async () => {
    await t.app.inject({ url: '/healthz' });
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('http_request_duration_seconds_bucket');
    expect(response.body).toContain('route="/healthz"');
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI 3.1 document and the docs page', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/sign-in'].post.operationId).toBe('signIn');
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/v1/'))).toBe(true);
    const docs = await t.app.inject({ url: '/api/docs/', headers: { accept: 'text/html' } });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });
});

describe('security headers', () => {
  it('are sent on pages and API answers; no HSTS over plain http', async () => {
    for (const url of ['/api/v1/me', '/healthz', '/']) {
      const response = await t.app.inject({ url, headers: { accept: 'text/html' } });
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('HSTS and a __Host- cookie when the base URL is https', async () => {
    const secure = await createTestApp({ env: { BASE_URL: 'https://vl.example.com' } });
    try {
      const response = await secure.app.inject({ url: '/healthz' });
      expect(response.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      const tenant = await createTenant(secure.db.db);
      await createAccount(secure.db.db, { tenantId: tenant.id, signInName: 'li@secure.example' });
      const signInResponse = await secure.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { login: 'li@secure.example', password: TEST_PASSWORD },
      });
      expect(signInResponse.cookies[0]).toMatchObject({ name: '__Host-vlc_session', secure: true, httpOnly: true });
    } finally {
      await secure.close();
    }
  });
});
