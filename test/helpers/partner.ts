// Builders and clients for agreements and onboarding tests: partners with API tokens, organizations and License IDs
// made through the partner API (so the welcome e-mails go out exactly as in production), and the outbox.
import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { randomToken } from '../../src/clock.js';
import type { Database } from '../../src/db/client.js';
import { mailMessages, organizations } from '../../src/db/schema.js';
import { createAgreementsService, type PartnerActor } from '../../src/modules/agreements/service.js';
import { createImportService } from '../../src/modules/import/service.js';
import { createOnboardingService } from '../../src/modules/onboarding/service.js';
import type { TestApp } from './app.js';
import { organizationBody, type PartnerFixture } from './partner-records.js';

export {
  createPartner,
  licenseIdBody,
  nextLicenseIdNumber,
  orderBody,
  organizationBody,
  type PartnerFixture,
} from './partner-records.js';

/** Creates an organization through the partner API (approved unless told otherwise); returns its id. */
export async function createOrganization(
  app: FastifyInstance,
  db: Database,
  partner: PartnerFixture,
  options: { approved?: boolean; body?: Record<string, unknown> } = {},
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/partner/organizations',
    headers: partner.headers,
    payload: organizationBody(options.body),
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json<{ id: string }>().id;
  if (options.approved !== false) {
    await db.update(organizations).set({ approvalState: 'approved' }).where(eq(organizations.id, id));
  }
  return id;
}

export type CreatedLicenseId = {
  licenseId: { id: string; number: string };
  welcome: { email: string; roles: string[]; action: string }[];
};

export async function createLicenseId(
  app: FastifyInstance,
  partner: PartnerFixture,
  body: Record<string, unknown>,
): Promise<CreatedLicenseId> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/partner/license-ids',
    headers: partner.headers,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** Places an order through the partner API, as partners do; it must be created. */
export async function createOrder(
  app: FastifyInstance,
  partner: PartnerFixture,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/partner/orders',
    headers: partner.headers,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
}

export type OutboxMail = typeof mailMessages.$inferSelect;

/** The outbox (queued and sent mail), oldest first, optionally for one recipient. */
export async function outbox(db: Database, recipient?: string): Promise<OutboxMail[]> {
  const query = db.select().from(mailMessages).orderBy(asc(mailMessages.id)).$dynamic();
  return recipient === undefined ? query : query.where(eq(mailMessages.recipient, recipient));
}

/** The invitation token in an invitation e-mail's link. */
export function invitationTokenOf(mail: { textBody: string } | { text: string }): string {
  const text = 'textBody' in mail ? mail.textBody : mail.text;
  const match = /\/invitations\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text);
  if (!match) throw new Error(`no invitation link in:\n${text}`);
  return match[1]!;
}

export const contact = (kind: string, email: string, name = email.split('@')[0]!) => ({ kind, name, email });

/** The agreements and import services over the test app's database, wired as `vlcenter import` wires them. */
export function importServices(t: TestApp) {
  const onboarding = createOnboardingService({ db: t.db.db, clock: t.clock, config: t.config, newToken: randomToken });
  const agreements = createAgreementsService({ db: t.db.db, clock: t.clock, newToken: randomToken, onboarding });
  return { agreements, importer: createImportService({ db: t.db.db, agreements }) };
}

/** A partner as the import service names the caller (no API token, no operator). */
export const partnerActor = (partnerId: string): PartnerActor => ({
  id: partnerId,
  tokenId: null,
  accountId: null,
  ip: '127.0.0.1',
});
