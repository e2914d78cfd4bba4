// Builders for directory records. They write through the same tables the app uses; no shortcuts around rules.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/client.js';
import { accounts, domains, tenants } from '../../src/db/schema.js';
import { hashPassword } from '../../src/modules/session/passwords.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;
// Argon2id is deliberately slow: hash the shared test password once.
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export async function createTenant(
  db: Database,
  values: Partial<typeof tenants.$inferInsert> & { domain?: string } = {},
): Promise<typeof tenants.$inferSelect> {
  const name = values.displayName ?? `Tenant ${randomUUID().slice(0, 8)}`;
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const [tenant] = await db
    .insert(tenants)
    .values({
      displayName: name,
      cloud: 'public',
      initialDomain: `${slug}.onvlcenter.example`,
      state: 'managed',
      ...values,
    })
    .returning();
  if (values.domain) {
    await db.insert(domains).values({
      tenantId: tenant!.id,
      name: values.domain,
      state: tenant!.state === 'managed' ? 'verified' : 'unverified',
      verificationToken: randomUUID(),
    });
  }
  return tenant!;
}

export async function createAccount(
  db: Database,
  values: Partial<typeof accounts.$inferInsert> & { signInName: string; password?: string },
): Promise<typeof accounts.$inferSelect> {
  const { password, ...rest } = values;
  const [account] = await db
    .insert(accounts)
    .values({
      kind: rest.tenantId ? 'work' : 'personal',
      cloud: 'public',
      displayName: rest.signInName.split('@')[0]!,
      passwordHash: password === undefined ? await testPasswordHash() : await hashPassword(password),
      ...rest,
    })
    .returning();
  return account!;
}
