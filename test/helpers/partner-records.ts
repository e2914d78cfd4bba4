// Partners and the request bodies of the partner API, with nothing of the test runner: the tests use them through
// partner.ts, and bench scripts, which run outside vitest, directly.
import { randomUUID } from 'node:crypto';
import { randomToken } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { partners, partnerTokens } from '../../src/db/schema.js';
import { newPartnerToken } from '../../src/modules/agreements/partner-tokens.js';

export type PartnerFixture = {
  id: string;
  token: string;
  headers: { authorization: string };
};

/** A partner and a live API token, written straight to the database. */
export async function createPartner(
  db: Database,
  name = `Partner ${randomUUID().slice(0, 8)}`,
): Promise<PartnerFixture> {
  const [partner] = await db
    .insert(partners)
    .values({ name, pcn: `PCN-${randomUUID().slice(0, 8)}`, notificationEmail: 'licensing@partner.example' })
    .returning();
  const { token, tokenHash, prefix } = newPartnerToken(randomToken);
  await db.insert(partnerTokens).values({ partnerId: partner!.id, name: 'test', tokenHash, prefix });
  return { id: partner!.id, token, headers: { authorization: `Bearer ${token}` } };
}

export const organizationBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Contoso Ltd',
  city: 'Redmond',
  country: 'US',
  pcns: ['PCN-CO-1001'],
  ...overrides,
});

let licenseCounter = 0;
/** A License ID number nobody used in this process yet. */
export const nextLicenseIdNumber = (prefix = 'V') =>
  `${prefix}${String(Date.now() % 1_000_000).padStart(6, '0')}${String(++licenseCounter).padStart(4, '0')}`;

export const licenseIdBody = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
  number: nextLicenseIdNumber(),
  organizationId,
  programId: 'select-plus',
  cloud: 'public',
  startDate: '2026-01-01',
  endDate: '2028-12-31',
  contacts: [],
  ...overrides,
});

export const orderBody = (licenseIdNumber: string, overrides: Record<string, unknown> = {}) => ({
  licenseIdNumber,
  partnerOrderNumber: `PO-${randomUUID().slice(0, 8)}`,
  orderedOn: '2026-02-01',
  lines: [
    {
      partNumber: '79P-01234',
      product: 'Office LTSC Professional Plus',
      productFamily: 'Office',
      version: '2024',
      pool: 'applications',
      licenseType: 'license+sa',
      quantity: 25,
      country: 'US',
    },
  ],
  ...overrides,
});
