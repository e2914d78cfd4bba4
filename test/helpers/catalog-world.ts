// A world for catalog tests: an operator session, a partner with an approved organization, License IDs and orders
// made through the partner API (so key assignment runs exactly as in production), and VL users holding given roles
// (written straight to vl_profiles / vl_role_assignments) with sessions opened without the password round.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { sessions } from '../../src/db/schema.js';
import type { Config } from '../../src/config.js';
import type { VlRole } from '../../src/domain/vl-roles.js';
import { sessionCookieName } from '../../src/http/auth.js';
import { createTestApp, type TestApp } from './app.js';
import { testDbKind } from './test-db.js';
import { createAccount, createTenant } from './builders.js';
import {
  createLicenseId,
  createOrganization,
  createPartner,
  licenseIdBody,
  orderBody,
  type PartnerFixture,
} from './partner.js';
import { createVlUser, grantRoles } from './vl-world.js';

export type Headers = Record<string, string>;

export type CatalogWorld = {
  t: TestApp;
  dataDir: string;
  partner: PartnerFixture;
  organizationId: string;
  operator: Headers;
  close(): Promise<void>;
};

/** A session for `accountId`: the row sign-in writes, then GET /api/v1/me for the CSRF token. */
export async function openSession(t: TestApp, accountId: string): Promise<Headers> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = t.clock.now();
  await t.db.db.insert(sessions).values({
    idHash: createHash('sha256').update(sessionId).digest('hex'),
    accountId,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + 24 * 60 * 60 * 1000),
  });
  const cookie = `${sessionCookieName(t.config)}=${sessionId}`;
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  expect(me.statusCode, me.body).toBe(200);
  return { cookie, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken };
}

export async function createCatalogWorld(
  options: { config?: Partial<Config>; organizationName?: string } = {},
): Promise<CatalogWorld> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vlc-catalog-'));
  const t = await createTestApp({ config: { dataDir, ...options.config } });
  const partner = await createPartner(t.db.db);
  const organizationId = await createOrganization(t.app, t.db.db, partner, {
    body: options.organizationName ? { name: options.organizationName } : {},
  });
  const tenant = await createTenant(t.db.db);
  const operatorAccount = await createAccount(t.db.db, {
    tenantId: tenant.id,
    signInName: `operator-${randomUUID().slice(0, 8)}@publisher.example`,
    isOperator: true,
  });
  const operator = await openSession(t, operatorAccount.id);
  return {
    t,
    dataDir,
    partner,
    organizationId,
    operator,
    close: async () => {
      await t.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const call = (
  w: CatalogWorld,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  headers: Headers,
  payload?: unknown,
  extra: Partial<InjectOptions> = {},
) =>
  w.t.app.inject({
    method,
    url,
    headers: { ...headers, ...extra.headers },
    payload: payload as InjectOptions['payload'],
    ...(extra.query ? { query: extra.query } : {}),
  });

export type ProductFixture = { id: string; family: string; name: string; version: string };

export async function addProduct(
  w: CatalogWorld,
  body: { family?: string; name: string; version?: string; needsKey?: boolean; keyTypes?: string[] },
): Promise<ProductFixture> {
  const payload = {
    family: body.family ?? 'Office',
    name: body.name,
    version: body.version ?? '2024',
    pool: 'applications',
    needsKey: body.needsKey ?? true,
    ...(body.keyTypes ? { keyTypes: body.keyTypes } : {}),
  };
  const response = await call(w, 'POST', '/api/v1/operator/products', w.operator, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<ProductFixture>();
}

export async function uploadFile(
  w: CatalogWorld,
  productId: string,
  bytes: Buffer,
  query: Record<string, string> = {},
) {
  return w.t.app.inject({
    method: 'POST',
    url: `/api/v1/operator/products/${productId}/files`,
    headers: { ...w.operator, 'content-type': 'application/octet-stream' },
    query: { fileName: 'setup.iso', language: 'en-US', os: 'windows', architecture: 'x64', format: 'iso', ...query },
    payload: bytes,
  });
}

export async function addLicenseId(
  w: CatalogWorld,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; number: string }> {
  const created = await createLicenseId(w.t.app, w.partner, licenseIdBody(w.organizationId, overrides));
  return created.licenseId;
}

export const line = (product: { family?: string; name: string; version?: string }, quantity = 10) => ({
  partNumber: `P-${randomUUID().slice(0, 6)}`,
  product: product.name,
  productFamily: product.family ?? 'Office',
  version: product.version ?? '2024',
  pool: 'applications',
  licenseType: 'license+sa',
  quantity,
  country: 'US',
});

export async function order(w: CatalogWorld, licenseIdNumber: string, lines: ReturnType<typeof line>[]) {
  const response = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/partner/orders',
    headers: w.partner.headers,
    payload: orderBody(licenseIdNumber, { lines }),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

/** A VL user holding `roles` on each License ID (by id); returns the session headers and account id. */
export async function vlUser(
  w: CatalogWorld,
  roles: Record<string, readonly VlRole[]>,
): Promise<{ accountId: string; headers: Headers }> {
  const tenant = await createTenant(w.t.db.db);
  const user = await createVlUser(w.t.db.db, {
    tenantId: tenant.id,
    signInName: `vl-${randomUUID().slice(0, 8)}@customer.example`,
  });
  for (const [licenseIdId, list] of Object.entries(roles))
    await grantRoles(w.t.db.db, { vlProfileId: user.profiles[0]!.id, licenseIdId, roles: list });
  return { accountId: user.accountId, headers: await openSession(w.t, user.accountId) };
}

/**
 * Runs `fn` and counts the SQL statements sent outside transactions meanwhile (the driver's `query` calls): how
 * list tests prove that their number does not grow with the page (no N+1).
 */
export async function countQueries(w: Pick<CatalogWorld, 't'>, fn: () => Promise<unknown>): Promise<number> {
  const client = (w.t.db.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const original = client.query;
  let count = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  try {
    await fn();
    return count;
  } finally {
    client.query = original;
  }
}

/**
 * Runs `fn` and counts every SQL statement sent meanwhile, those inside transactions too (a pooled client's on
 * PostgreSQL, the transaction's on PGlite): how tests prove that a use case runs a fixed number of statements however
 * many rows it touches.
 */
export async function countStatements(w: Pick<CatalogWorld, 't'>, fn: () => Promise<unknown>): Promise<number> {
  type Queryable = { query: (...args: unknown[]) => unknown };
  const client = (w.t.db.db as unknown as { $client: Queryable & Record<string, unknown> }).$client;
  let count = 0;
  const restore: (() => void)[] = [];
  const counted = new Set<Queryable>();
  const countOn = (target: Queryable) => {
    if (counted.has(target)) return;
    counted.add(target);
    const original = target.query;
    target.query = function (this: unknown, ...args: unknown[]) {
      count += 1;
      return original.apply(this, args);
    };
    restore.push(() => (target.query = original));
  };
  const replace = <K extends string>(key: K, wrapper: (original: (...args: unknown[]) => unknown) => unknown) => {
    const original = client[key] as (...args: unknown[]) => unknown;
    client[key] = wrapper(original);
    restore.push(() => (client[key] = original));
  };
  countOn(client);
  if (testDbKind() === 'postgres')
    replace(
      'connect',
      (connect) =>
        function (this: unknown, ...args: unknown[]) {
          // pool.query (counted already) connects with a callback; a transaction awaits connect() for its client.
          if (args.length > 0) return connect.apply(this, args);
          return (connect.apply(this, args) as Promise<Queryable>).then((pooled) => {
            countOn(pooled);
            return pooled;
          });
        },
    );
  else
    replace(
      'transaction',
      (transaction) =>
        function (this: unknown, callback: (tx: Queryable) => unknown) {
          return transaction.call(this, (tx: Queryable) => {
            countOn(tx);
            return callback(tx);
          });
        },
    );
  try {
    await fn();
    return count;
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
