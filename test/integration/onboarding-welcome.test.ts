// Who gets which e-mail when a partner creates a License ID (SPEC §5), for each program kind: invitations for the
// non-enterprise default administrators and Bill To, roles at once for business e-mails that already have a VL
// profile, nothing but roles on enterprise-style programs. Tokens are stored only as hash + sealed copy; the e-mails
// are HTML + text, localized, from MAIL_FROM, and commit with the License ID or not at all.
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret, sha256Hex } from '../../src/crypto.js';
import { queryRows } from '../../src/db/client.js';
import {
  auditLog,
  invitations,
  licenseIds,
  userPreferences,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import { startWorker } from '../../src/jobs/worker.js';
import { mailSendJob } from '../../src/mail/outbox.js';
import { createSmtpTransport } from '../../src/mail/transport.js';
import { INVITATION_TOKEN_CONTEXT } from '../../src/modules/onboarding/service.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  importServices,
  invitationTokenOf,
  licenseIdBody,
  outbox,
  type PartnerFixture,
} from '../helpers/partner.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const INVITATION_SUBJECT = 'Action required: sign in to manage your volume licensing assets';
const PERMISSION_SUBJECT = 'Permission changes for volume licensing contracts';
const DAY = 24 * 60 * 60 * 1000;

let t: TestApp;
let sink: SmtpSink;
let partner: PartnerFixture;
let contosoOrg: string;
let li: { id: string };

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({
    env: { BASE_URL: 'https://vl.example.com', MAIL_FROM: 'Contoso Licensing <licensing@vl.example.com>' },
  });
  partner = await createPartner(t.db.db, 'Northwind');
  contosoOrg = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Contoso Ltd' } });
  const tenant = await createTenant(t.db.db, { displayName: 'Contoso', domain: 'contoso.example' });
  li = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'li@contoso.example', displayName: 'Li Wei' });
  const pat = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'pat@contoso.example' });
  const nl = await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'noor@contoso.example' });
  // Li and Pat registered before (from an earlier agreement); Li reads Dutch. Noor has an account but no profile.
  await t.db.db.insert(vlProfiles).values([
    { businessEmail: 'li@contoso.example', accountId: li.id, displayName: 'Li Wei' },
    { businessEmail: 'pat.finance@contoso.example', accountId: pat.id, displayName: 'Pat' },
  ]);
  await t.db.db.insert(userPreferences).values([
    { accountId: li.id, locale: 'nl' },
    { accountId: nl.id, locale: 'nl' },
  ]);
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

async function mailFor(licenseNumber: string) {
  const all = await outbox(t.db.db);
  return all.filter((m) => m.textBody.includes(licenseNumber));
}

async function rolesOn(licenseIdId: string) {
  const rows = await t.db.db
    .select({ email: vlProfiles.businessEmail, role: vlRoleAssignments.role })
    .from(vlRoleAssignments)
    .innerJoin(vlProfiles, eq(vlProfiles.id, vlRoleAssignments.vlProfileId))
    .where(eq(vlRoleAssignments.licenseIdId, licenseIdId));
  return rows.map((r) => `${r.email} ${r.role}`).sort();
}

describe('non-enterprise programs (Select Plus)', () => {
  it('invites Primary and Notices as administrators and Bill To as invoice reader; nobody else', async () => {
    const body = licenseIdBody(contosoOrg, {
      programId: 'select-plus',
      contacts: [
        contact('primary', 'Ana@Contoso.example', 'Ana Bowman'),
        contact('notices', 'ben@contoso.example', 'Ben Smith'),
        contact('bill-to', 'billing@contoso.example', 'Accounts Payable'),
        contact('signatory', 'ceo@contoso.example'),
        contact('online-services-manager', 'osm@contoso.example'),
        contact('software-assurance-manager', 'sam@contoso.example'),
        contact('online-administrator', 'oa@contoso.example'),
        contact('subscriptions-manager', 'subs@contoso.example'),
      ],
    });
    const created = await createLicenseId(t.app, partner, body);
    expect(created.welcome).toEqual([
      { email: 'ana@contoso.example', roles: ['administrator'], action: 'invitation-sent' },
      { email: 'ben@contoso.example', roles: ['administrator'], action: 'invitation-sent' },
      { email: 'billing@contoso.example', roles: ['invoice-reader'], action: 'invitation-sent' },
    ]);
    const mails = await mailFor(body.number);
    expect(mails.map((m) => [m.recipient, m.kind, m.subject])).toEqual([
      ['ana@contoso.example', 'invitation', INVITATION_SUBJECT],
      ['ben@contoso.example', 'invitation', INVITATION_SUBJECT],
      ['billing@contoso.example', 'invitation', INVITATION_SUBJECT],
    ]);

    const rows = await t.db.db
      .select()
      .from(invitations)
      .where(eq(invitations.licenseIdId, created.licenseId.id))
      .orderBy(invitations.businessEmail);
    expect(rows.map((r) => [r.businessEmail, r.roles, r.state])).toEqual([
      ['ana@contoso.example', ['administrator'], 'pending'],
      ['ben@contoso.example', ['administrator'], 'pending'],
      ['billing@contoso.example', ['invoice-reader'], 'pending'],
    ]);
    for (const [i, mail] of mails.entries()) {
      const row = rows[i]!;
      const token = invitationTokenOf(mail);
      // 32 random bytes; never stored in plain text: its SHA-256 for lookup, a copy sealed with the server key.
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(row.tokenHash).toBe(sha256Hex(token));
      expect(JSON.stringify(row)).not.toContain(token);
      expect(decryptSecret(t.config.secretKey!, row.tokenEncrypted, INVITATION_TOKEN_CONTEXT)).toBe(token);
      expect(() => decryptSecret(randomBytes(32), row.tokenEncrypted, INVITATION_TOKEN_CONTEXT)).toThrow();
      expect(row.expiresAt.getTime() - row.issuedAt.getTime()).toBe(30 * DAY);
      expect(row.issuedAt).toEqual(t.clock.now());
      // The one button leads to the invitation on the License ID's cloud; the mail names organization and License ID.
      expect(mail.textBody).toContain(`https://vl.example.com/invitations/${token}`);
      expect(mail.htmlBody).toContain(`href="https://vl.example.com/invitations/${token}"`);
      expect(mail.htmlBody.match(/background:#0f6cbd/g)).toHaveLength(1);
      for (const body of [mail.textBody, mail.htmlBody]) {
        expect(body).toContain('Contoso Ltd');
        expect(body).toContain(created.licenseId.number);
        expect(body).toContain('Select Plus');
      }
    }
    expect(mails[0]!.textBody).toContain('Hello Ana Bowman');
    expect(mails[0]!.textBody).toContain('as Administrator');
    expect(mails[2]!.textBody).toContain('as Invoice reader');
    // Nobody has a role until someone registers.
    expect(await rolesOn(created.licenseId.id)).toEqual([]);
    const audits = await t.db.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.licenseIdNumber, body.number), eq(auditLog.action, 'invitation.issued')));
    expect(audits).toHaveLength(3);
    expect(JSON.stringify(audits)).not.toContain(invitationTokenOf(mails[0]!));
  });

  it('gives a business e-mail that already has a VL profile the roles at once, with a permission-change e-mail', async () => {
    const body = licenseIdBody(contosoOrg, {
      programId: 'open-value',
      contacts: [
        contact('primary', 'li@contoso.example', 'Li Wei'),
        contact('notices', 'newcomer@contoso.example'),
        contact('bill-to', 'pat.finance@contoso.example'),
      ],
    });
    const created = await createLicenseId(t.app, partner, body);
    expect(created.welcome).toEqual([
      { email: 'li@contoso.example', roles: ['administrator'], action: 'roles-granted' },
      { email: 'newcomer@contoso.example', roles: ['administrator'], action: 'invitation-sent' },
      { email: 'pat.finance@contoso.example', roles: ['invoice-reader'], action: 'roles-granted' },
    ]);
    expect(await rolesOn(created.licenseId.id)).toEqual([
      'li@contoso.example administrator',
      'pat.finance@contoso.example invoice-reader',
    ]);
    const mails = await mailFor(body.number);
    expect(mails.map((m) => [m.recipient, m.kind])).toEqual([
      ['li@contoso.example', 'vl-permission-change'],
      ['newcomer@contoso.example', 'invitation'],
      ['pat.finance@contoso.example', 'vl-permission-change'],
    ]);
    // Li chose Dutch; Pat did not choose: English.
    expect(mails[0]!.subject).toBe('Wijzigingen in machtigingen voor volumelicentiecontracten');
    expect(mails[0]!.htmlBody).toContain('<html lang="nl">');
    expect(mails[0]!.textBody).toContain('Beheerder');
    expect(mails[0]!.textBody).toContain('https://vl.example.com/volume-licensing');
    expect(mails[2]!.subject).toBe(PERMISSION_SUBJECT);
    expect(mails[2]!.textBody).toContain(`License ID ${body.number}`);
    const invited = await t.db.db.select().from(invitations).where(eq(invitations.licenseIdId, created.licenseId.id));
    expect(invited.map((i) => i.businessEmail)).toEqual(['newcomer@contoso.example']);

    // The License ID appears in Li's contracts at once, without an invitation.
    const s = await signIn(t.app, 'li@contoso.example', TEST_PASSWORD);
    const contracts = (await t.app.inject({ url: '/api/v1/contracts', headers: s.headers })).json();
    expect(contracts.items.map((c: { licenseIdNumber: string }) => c.licenseIdNumber)).toContain(body.number);
  });

  it('sends one invitation to an e-mail listed as Primary and Bill To, as administrator only', async () => {
    const body = licenseIdBody(contosoOrg, {
      contacts: [contact('primary', 'owner@contoso.example'), contact('bill-to', 'owner@contoso.example')],
    });
    const created = await createLicenseId(t.app, partner, body);
    expect(created.welcome).toEqual([
      { email: 'owner@contoso.example', roles: ['administrator'], action: 'invitation-sent' },
    ]);
    expect(await mailFor(body.number)).toHaveLength(1);
  });

  it('writes the invitation in Dutch when the address belongs to an account that chose Dutch', async () => {
    const body = licenseIdBody(contosoOrg, { contacts: [contact('primary', 'noor@contoso.example', 'Noor')] });
    await createLicenseId(t.app, partner, body);
    const [mail] = await mailFor(body.number);
    expect(mail!.subject).toBe('Actie vereist: meld u aan om uw volumelicentie-assets te beheren');
    expect(mail!.textBody).toContain('Beste Noor');
    expect(mail!.textBody).toContain('Contoso Ltd');
  });
});

describe('enterprise-style programs', () => {
  it('sends no invitation: Notices and Online Services Manager with a VL profile become administrators', async () => {
    for (const programId of ['enterprise', 'campus']) {
      const body = licenseIdBody(contosoOrg, {
        programId,
        contacts: [
          contact('notices', 'li@contoso.example'),
          contact('online-services-manager', 'osm-new@contoso.example'),
          contact('primary', 'pat.finance@contoso.example'),
          contact('bill-to', 'billing-new@contoso.example'),
        ],
      });
      const created = await createLicenseId(t.app, partner, body);
      expect(created.welcome, programId).toEqual([
        { email: 'li@contoso.example', roles: ['administrator'], action: 'roles-granted' },
        { email: 'osm-new@contoso.example', roles: ['administrator'], action: 'awaiting-sign-in-id' },
      ]);
      expect(await rolesOn(created.licenseId.id)).toEqual(['li@contoso.example administrator']);
      const mails = await mailFor(body.number);
      expect(mails.map((m) => [m.recipient, m.kind])).toEqual([['li@contoso.example', 'vl-permission-change']]);
      expect(await t.db.db.select().from(invitations).where(eq(invitations.licenseIdId, created.licenseId.id))).toEqual(
        [],
      );
    }
  });
});

describe('delivery', () => {
  it('delivers the welcome e-mail over SMTP from MAIL_FROM, as HTML with a plain-text alternative', async () => {
    const body = licenseIdBody(contosoOrg, { contacts: [contact('primary', 'smtp-test@contoso.example', 'Sia')] });
    await createLicenseId(t.app, partner, body);
    const transport = createSmtpTransport(new URL(sink.url));
    const worker = startWorker({
      db: t.db,
      clock: t.clock,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      handlers: [mailSendJob({ transport, from: t.config.mailFrom })],
      loop: false,
    });
    try {
      while (await worker.runOnce()) {
        // drain
      }
    } finally {
      await worker.stop();
      transport.close();
    }
    const delivered = sink.messages.find((m) => m.text?.includes(body.number));
    expect(delivered).toBeDefined();
    expect(delivered!.from?.value[0]).toEqual({ address: 'licensing@vl.example.com', name: 'Contoso Licensing' });
    expect(delivered!.subject).toBe(INVITATION_SUBJECT);
    expect(delivered!.html).toContain(`/invitations/${invitationTokenOf({ text: delivered!.text! })}`);
    expect(delivered!.text).toContain('Contoso Ltd');
  });
});

describe('one transaction', () => {
  it('leaves no invitation, role, e-mail or License ID behind when the creation rolls back (import seam)', async () => {
    const { agreements } = importServices(t);
    const before = await queryRows(
      t.db.db,
      sql`select (select count(*)::int from invitations) + (select count(*)::int from mail_messages) + (select count(*)::int from vl_role_assignments) + (select count(*)::int from license_ids) as n`,
    );
    const body = licenseIdBody(contosoOrg, {
      contacts: [contact('primary', 'rollback@contoso.example'), contact('notices', 'li@contoso.example')],
    }) as Parameters<typeof agreements.createLicenseId>[2];
    await expect(
      t.db.db.transaction(async (tx) => {
        const created = await agreements.createLicenseId(
          tx,
          { id: partner.id, tokenId: null, accountId: null, ip: '127.0.0.1' },
          body,
        );
        expect(created.welcome).toHaveLength(2);
        throw new Error('the import failed later in the batch');
      }),
    ).rejects.toThrow('the import failed');
    const after = await queryRows(
      t.db.db,
      sql`select (select count(*)::int from invitations) + (select count(*)::int from mail_messages) + (select count(*)::int from vl_role_assignments) + (select count(*)::int from license_ids) as n`,
    );
    expect(after).toEqual(before);
    expect(await t.db.db.select().from(licenseIds).where(eq(licenseIds.number, body.number))).toEqual([]);
  });
});
