// Idempotency keys live 24 hours, by the injected clock: within them a retry replays the stored response; after
// them the key is not honoured (the request runs as new) and expired keys are deleted by the partner's next keyed
// request.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { idempotencyKeys, organizations } from '../../src/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createPartner, organizationBody, type PartnerFixture } from '../helpers/partner.js';

let t: TestApp;
let northwind: PartnerFixture;
let fabrikam: PartnerFixture;

beforeAll(async () => {
  t = await createTestApp();
  [northwind, fabrikam] = await Promise.all([createPartner(t.db.db, 'Northwind'), createPartner(t.db.db, 'Fabrikam')]);
});
afterAll(() => t.close());

const HOUR = 60 * 60 * 1000;

const create = (key: string, body: Record<string, unknown>, partner = northwind) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/partner/organizations',
    headers: { ...partner.headers, 'idempotency-key': key },
    payload: body,
  });

const keysOf = async (partner: PartnerFixture) =>
  (
    await t.db.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.partnerId, partner.id))
  )
    .map((r) => r.key)
    .sort();

describe('Idempotency-Key expiry', () => {
  it('replays within 24 hours; after them the key runs as new and the old entry is gone', async () => {
    const body = organizationBody({ name: 'Expiry Ltd', pcns: ['PCN-EXP-1'] });
    const first = await create('expiry-key-1', body);
    expect(first.statusCode).toBe(201);

    t.clock.advance(24 * HOUR - 1000);
    const replay = await create('expiry-key-1', body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const reused = await create('expiry-key-1', { ...body, city: 'Elsewhere' });
    expect(reused.json().code).toBe('idempotency.key_reused');

    t.clock.advance(2000); // 24 h + 1 s after the first request
    const again = await create('expiry-key-1', body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json().id).not.toBe(first.json().id);
    expect(await t.db.db.select().from(organizations).where(eq(organizations.name, 'Expiry Ltd'))).toHaveLength(2);
    // The key now stands for the new request, stored at the new time.
    const [row] = await t.db.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.partnerId, northwind.id), eq(idempotencyKeys.key, 'expiry-key-1')));
    expect(row!.createdAt.getTime()).toBe(t.clock.now().getTime());
    expect((await create('expiry-key-1', body)).headers['idempotent-replayed']).toBe('true');

    // After expiry, the same key may also carry a different request.
    t.clock.advance(25 * HOUR);
    const different = await create('expiry-key-1', { ...body, name: 'Expiry Two Ltd' });
    expect(different.statusCode).toBe(201);
    expect(different.json().name).toBe('Expiry Two Ltd');
  });

  it("a keyed request deletes its partner's expired keys, not the live ones nor another partner's", async () => {
    t.clock.advance(48 * HOUR); // everything of the test before has expired
    for (const n of [1, 2, 3]) await create(`old-${n}`, organizationBody({ name: `Old ${n}`, pcns: [`PCN-OLD-${n}`] }));
    await create('fabrikam-old', organizationBody({ name: 'Fabrikam Old', pcns: ['PCN-FOLD'] }), fabrikam);
    t.clock.advance(12 * HOUR);
    await create('young', organizationBody({ name: 'Young', pcns: ['PCN-YOUNG'] }));
    // The first of them swept the first test's expired key.
    expect(await keysOf(northwind)).toEqual(['old-1', 'old-2', 'old-3', 'young']);

    t.clock.advance(12 * HOUR + 1000); // old-* are 24 h + 1 s old, young 12 h + 1 s
    const response = await create('new', organizationBody({ name: 'New', pcns: ['PCN-NEW'] }));
    expect(response.statusCode).toBe(201);
    expect(await keysOf(northwind)).toEqual(['new', 'young']);
    // Another partner's expired key waits for that partner's next keyed request.
    expect(await keysOf(fabrikam)).toEqual(['fabrikam-old']);
    await create('fabrikam-new', organizationBody({ name: 'Fabrikam New', pcns: ['PCN-FNEW'] }), fabrikam);
    expect(await keysOf(fabrikam)).toEqual(['fabrikam-new']);
  });

  it('a request without a key changes no stored key', async () => {
    const before = await queryRows<{ n: number }>(t.db.db, sql`select count(*)::int as n from idempotency_keys`);
    t.clock.advance(72 * HOUR);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner/organizations',
      headers: northwind.headers,
      payload: organizationBody({ name: 'Keyless', pcns: ['PCN-KEYLESS'] }),
    });
    expect(response.statusCode).toBe(201);
    expect(await queryRows(t.db.db, sql`select count(*)::int as n from idempotency_keys`)).toEqual(before);
  });
});
