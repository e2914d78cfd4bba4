// The batch path of License IDs (agreements.createLicenseIds), which the bulk import and the partner API's single
// create share: every rule checked for all inputs before anything is written, a refusal per input (the same codes,
// messages and fields as one at a time), nothing left behind by a refused one, the good ones complete (contacts,
// parent agreements, roles for registered contacts, invitations and e-mails for the others), the audit chain whole and
// in the order one-at-a-time creation would give — in a number of statements that does not grow with the batch.
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import {
  agreementContacts,
  auditLog,
  invitations,
  jobs,
  licenseIds,
  mailMessages,
  organizations,
  parentAgreements,
  vlProfiles,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import type { CreateLicenseIdInput } from '../../src/modules/agreements/schemas.js';
import type { AgreementsService, PartnerActor } from '../../src/modules/agreements/service.js';
import { verifyAuditLog } from '../../src/modules/audit/verify.js';
import type { ImportService } from '../../src/modules/import/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant } from '../helpers/builders.js';
import { countStatements } from '../helpers/catalog-world.js';
import {
  contact,
  createLicenseId,
  createOrganization,
  createPartner,
  importServices,
  licenseIdBody,
  nextLicenseIdNumber,
  partnerActor,
  type PartnerFixture,
} from '../helpers/partner.js';

let t: TestApp;
let northwind: PartnerFixture;
let fabrikam: PartnerFixture;
let actor: PartnerActor;
let agreements: AgreementsService;
let importer: ImportService;
let orgA: string;
let orgB: string;
let rejectedOrg: string;
let fabrikamOrg: string;
/** A License ID number and a parent agreement number of Fabrikam's; a parent agreement of Northwind's organization B. */
let fabrikamNumber: string;
let fabrikamParent: string;
let northwindParentB: string;
const REGISTERED = 'registered@batch.example';

beforeAll(async () => {
  t = await createTestApp();
  [northwind, fabrikam] = await Promise.all([createPartner(t.db.db, 'Northwind'), createPartner(t.db.db, 'Fabrikam')]);
  actor = partnerActor(northwind.id);
  ({ agreements, importer } = importServices(t));
  orgA = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Batch A Ltd', pcns: ['PCN-BATCH-A'] } });
  orgB = await createOrganization(t.app, t.db.db, northwind, { body: { name: 'Batch B Ltd', pcns: ['PCN-BATCH-B'] } });
  rejectedOrg = await createOrganization(t.app, t.db.db, northwind, {
    body: { name: 'Batch Rejected Ltd', pcns: ['PCN-BATCH-R'] },
  });
  await t.db.db.update(organizations).set({ approvalState: 'rejected' }).where(eq(organizations.id, rejectedOrg));
  fabrikamOrg = await createOrganization(t.app, t.db.db, fabrikam, { body: { name: 'Fabrikam Customer Ltd' } });
  fabrikamParent = nextLicenseIdNumber('FP');
  fabrikamNumber = (
    await createLicenseId(t.app, fabrikam, licenseIdBody(fabrikamOrg, { parentAgreementNumber: fabrikamParent }))
  ).licenseId.number;
  northwindParentB = nextLicenseIdNumber('NP');
  await createLicenseId(t.app, northwind, licenseIdBody(orgB, { parentAgreementNumber: northwindParentB }));
  // A contact who registered before (a VL profile): roles at once, no invitation.
  const tenant = await createTenant(t.db.db, { displayName: 'Batch customers', domain: 'batch.example' });
  const account = await createAccount(t.db.db, { tenantId: tenant.id, signInName: REGISTERED });
  await t.db.db.insert(vlProfiles).values({ businessEmail: REGISTERED, accountId: account.id, displayName: 'Reg' });
});
afterAll(() => t.close());

const body = (organizationId: string, overrides: Record<string, unknown> = {}) =>
  licenseIdBody(organizationId, overrides) as CreateLicenseIdInput;

/** Good records and one of each kind of refusal, with what each must come to. */
function mixedBatch() {
  const newParent = nextLicenseIdNumber('NEWP');
  const good0 = body(orgA, {
    parentAgreementNumber: newParent,
    contacts: [
      contact('primary', REGISTERED),
      contact('notices', `Notices.${randomUUID().slice(0, 6)}@Batch.example`),
      contact('bill-to', `bill.${randomUUID().slice(0, 6)}@batch.example`),
    ],
  });
  const records: { input: CreateLicenseIdInput; code: string | null; field?: string }[] = [
    { input: good0, code: null },
    { input: body(randomUUID()), code: 'organization.not_found' },
    { input: body(rejectedOrg), code: 'organization.rejected' },
    { input: body(orgA, { programId: 'no-such-program' }), code: 'request.invalid', field: 'body.programId' },
    { input: body(orgA, { number: fabrikamNumber }), code: 'license_id.number_taken' },
    // The parent agreement the first record creates, named again: the same one.
    { input: body(orgA, { parentAgreementNumber: newParent, contacts: [contact('primary', REGISTERED)] }), code: null },
    { input: body(orgB, { number: good0.number }), code: 'license_id.number_taken' },
    { input: body(orgA, { parentAgreementNumber: fabrikamParent }), code: 'parent_agreement.number_taken' },
    {
      input: body(orgA, { parentAgreementNumber: northwindParentB }),
      code: 'request.invalid',
      field: 'body.parentAgreementNumber',
    },
    // The parent agreement created earlier in this batch belongs to organization A.
    {
      input: body(orgB, { parentAgreementNumber: newParent }),
      code: 'request.invalid',
      field: 'body.parentAgreementNumber',
    },
    { input: body(orgA, { endDate: '2025-01-01' }), code: 'request.invalid', field: 'body.endDate' },
    {
      input: body(orgB, {
        programId: 'enterprise',
        // Enterprise style: Notices and Online Services Manager administer; nobody is invited.
        contacts: [
          contact('notices', REGISTERED),
          contact('online-services-manager', `ent.${randomUUID().slice(0, 6)}@batch.example`),
        ],
      }),
      code: null,
    },
  ];
  return { records, newParent };
}

async function rowsOf(numbers: string[]) {
  const licenses = await t.db.db.select().from(licenseIds).where(inArray(licenseIds.number, numbers));
  const ids = licenses.map((l) => l.id);
  const none = ids.length === 0;
  return {
    licenses,
    contacts: none
      ? []
      : await t.db.db.select().from(agreementContacts).where(inArray(agreementContacts.licenseIdId, ids)),
    roles: none
      ? []
      : await t.db.db.select().from(vlRoleAssignments).where(inArray(vlRoleAssignments.licenseIdId, ids)),
    invitations: none ? [] : await t.db.db.select().from(invitations).where(inArray(invitations.licenseIdId, ids)),
    audit: await t.db.db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.licenseIdNumber, numbers))
      .orderBy(asc(auditLog.id)),
  };
}

describe('createLicenseIds', () => {
  it('refuses each bad input with its own reason, writes nothing for it, and completes the good ones', async () => {
    const { records, newParent } = mixedBatch();
    const mailBefore = await t.db.db.select({ id: mailMessages.id }).from(mailMessages);
    const outcomes = await t.db.db.transaction((tx) =>
      agreements.createLicenseIds(
        tx,
        actor,
        records.map((r) => r.input),
      ),
    );
    expect(outcomes).toHaveLength(records.length);
    records.forEach((record, k) => {
      const outcome = outcomes[k]!;
      if (record.code === null) {
        expect(outcome.ok, `input ${k}`).toBe(true);
        return;
      }
      expect(outcome.ok, `input ${k}`).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.code, `input ${k}`).toBe(record.code);
      if (record.field) expect(outcome.error.extra.fields?.map((f) => f.name)).toEqual([record.field]);
    });
    // The same messages as one at a time.
    const refusal = (k: number) => (outcomes[k] as { error: Error }).error.message;
    expect(refusal(2)).toBe(
      "Batch Rejected Ltd was rejected by the publisher's operators: no License IDs can be added to it. Contact the publisher if this is a mistake.",
    );
    expect(refusal(4)).toBe(
      `License ID ${fabrikamNumber} already exists. Check the number; every License ID is unique.`,
    );
    expect(refusal(7)).toBe(
      `Parent agreement number ${fabrikamParent} is already used by another partner's records. Check the number.`,
    );
    expect(refusal(8)).toBe('The request is not valid: body.parentAgreementNumber belongs to another organization.');

    // Nothing behind the refused ones: only the three good License IDs, one new parent agreement.
    const good = [0, 5, 11].map((k) => records[k]!.input);
    const refusedNumbers = records
      .filter((r, k) => r.code !== null && r.input.number !== good[0]!.number && k !== 4)
      .map((r) => r.input.number);
    expect((await rowsOf(refusedNumbers)).licenses).toEqual([]);
    expect((await rowsOf(refusedNumbers)).audit).toEqual([]);
    const parents = await t.db.db.select().from(parentAgreements).where(eq(parentAgreements.number, newParent));
    expect(parents).toHaveLength(1);
    expect(parents[0]!.organizationId).toBe(orgA);

    // The good ones, complete.
    const written = await rowsOf(good.map((g) => g.number));
    expect(written.licenses).toHaveLength(3);
    const byNumber = new Map(written.licenses.map((l) => [l.number, l]));
    const [l0, l5, l11] = good.map((g) => byNumber.get(g.number)!);
    expect(l0!.parentAgreementId).toBe(parents[0]!.id);
    expect(l5!.parentAgreementId).toBe(parents[0]!.id);
    expect(l11!.parentAgreementId).toBeNull();
    expect(written.contacts.filter((c) => c.licenseIdId === l0!.id).map((c) => c.email)).toEqual(
      expect.arrayContaining(good[0]!.contacts.map((c) => c.email.toLowerCase())),
    );
    expect(written.contacts).toHaveLength(3 + 1 + 2);
    const profile = (await t.db.db.select().from(vlProfiles).where(eq(vlProfiles.businessEmail, REGISTERED)))[0]!;
    for (const l of [l0!, l5!, l11!])
      expect(
        written.roles.filter((r) => r.licenseIdId === l.id && r.vlProfileId === profile.id).map((r) => r.role),
        l.number,
      ).toEqual(['administrator']);
    // Invitations for the unregistered contacts of the non-enterprise License ID only (Notices, Bill To).
    expect(written.invitations.map((i) => [i.licenseIdId, i.businessEmail]).sort()).toEqual(
      [
        [l0!.id, good[0]!.contacts[1]!.email.toLowerCase()],
        [l0!.id, good[0]!.contacts[2]!.email.toLowerCase()],
      ].sort(),
    );
    const created = outcomes.flatMap((o) => (o.ok ? [o.created] : []));
    expect(created.map((c) => c.welcome.map((w) => w.action))).toEqual([
      ['roles-granted', 'invitation-sent', 'invitation-sent'],
      ['roles-granted'],
      ['roles-granted', 'awaiting-sign-in-id'],
    ]);
    expect(created.map((c) => c.licenseId.number)).toEqual(good.map((g) => g.number));
    expect(created[0]!.licenseId).toMatchObject({
      organizationName: 'Batch A Ltd',
      programName: 'Select Plus',
      parentAgreementNumber: newParent,
      status: 'active',
    });

    // E-mails (each with its job): a permission change per License ID for the registered contact, two invitations.
    const mails = await t.db.db
      .select()
      .from(mailMessages)
      .where(
        mailBefore.length === 0
          ? undefined
          : sql`${mailMessages.id} > ${Math.max(...mailBefore.map((m) => Number(m.id)))}`,
      )
      .orderBy(asc(mailMessages.id));
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([
      ['vl-permission-change', REGISTERED],
      ['invitation', good[0]!.contacts[1]!.email.toLowerCase()],
      ['invitation', good[0]!.contacts[2]!.email.toLowerCase()],
      ['vl-permission-change', REGISTERED],
      ['vl-permission-change', REGISTERED],
    ]);
    const mailJobs = await t.db.db
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(
        inArray(
          sql`(${jobs.payload}->>'mailId')::bigint`,
          mails.map((m) => Number(m.id)),
        ),
      );
    expect(mailJobs).toHaveLength(mails.length);

    // The audit entries chain as if the License IDs had been created one at a time, and the chain verifies.
    expect(written.audit.map((a) => [a.action, a.licenseIdNumber])).toEqual([
      ['license_id.created', l0!.number],
      ['vl_role.granted', l0!.number],
      ['invitation.issued', l0!.number],
      ['invitation.issued', l0!.number],
      ['license_id.created', l5!.number],
      ['vl_role.granted', l5!.number],
      ['license_id.created', l11!.number],
      ['vl_role.granted', l11!.number],
    ]);
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
  });

  it('runs a number of statements that does not grow with the batch', async () => {
    const batchOf = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        body(i % 2 === 0 ? orgA : orgB, {
          parentAgreementNumber: nextLicenseIdNumber('QP'),
          contacts: [
            contact('primary', REGISTERED),
            contact('notices', `q${i}.${randomUUID().slice(0, 6)}@batch.example`),
          ],
        }),
      );
    const statementsFor = async (n: number) => {
      const inputs = batchOf(n);
      let ok = 0;
      const statements = await countStatements({ t }, () =>
        t.db.db.transaction(async (tx) => {
          ok = (await agreements.createLicenseIds(tx, actor, inputs)).filter((o) => o.ok).length;
        }),
      );
      expect(ok).toBe(n);
      return statements;
    };
    const few = await statementsFor(2);
    const many = await statementsFor(40);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(25);
  });
});

describe('the import of License IDs through the batch path', () => {
  it('reports each refusal by index and field, counts repeats as present, and matches its dry run', async () => {
    const { records } = mixedBatch();
    const inputs = records.map((r) => r.input);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.db.db,
          sql`select (select count(*)::int from license_ids) + (select count(*)::int from parent_agreements) + (select count(*)::int from agreement_contacts) + (select count(*)::int from invitations) + (select count(*)::int from mail_messages) + (select count(*)::int from audit_log) as n`,
        )
      )[0]!.n;
    const before = await count();
    const dryRun = await importer.importRecords(actor, 'license-ids', inputs, { dryRun: true });
    expect(await count()).toBe(before);
    const result = await importer.importRecords(actor, 'license-ids', inputs);
    expect(result).toEqual(dryRun);
    // Record 6 repeats record 0's number: the same License ID earlier in the batch, so present, not refused.
    expect(result.imported).toBe(3);
    expect(result.alreadyPresent).toBe(1);
    const fieldsOf = (index: number) => result.rejected.find((r) => r.index === index)?.fields;
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 7, 8, 9, 10]);
    expect(fieldsOf(1)).toEqual([
      { name: '(record)', message: expect.stringContaining('organization.not_found'), rule: 'invalid' },
    ]);
    expect(fieldsOf(2)).toEqual([
      { name: '(record)', message: expect.stringContaining('organization.rejected'), rule: 'invalid' },
    ]);
    expect(fieldsOf(3)).toEqual([{ name: 'programId', message: 'is not a known program', rule: 'program_unknown' }]);
    expect(fieldsOf(4)).toEqual([
      { name: '(record)', message: expect.stringContaining('license_id.number_taken'), rule: 'invalid' },
    ]);
    expect(fieldsOf(7)).toEqual([
      { name: '(record)', message: expect.stringContaining('parent_agreement.number_taken'), rule: 'invalid' },
    ]);
    expect(fieldsOf(8)).toEqual([
      { name: 'parentAgreementNumber', message: 'belongs to another organization', rule: 'other_organization' },
    ]);
    expect(fieldsOf(9)).toEqual([
      { name: 'parentAgreementNumber', message: 'belongs to another organization', rule: 'other_organization' },
    ]);
    expect(fieldsOf(10)).toEqual([{ name: 'endDate', message: 'is before startDate', rule: 'before_start_date' }]);
    // A re-run finds the three present and refuses the same records again.
    const again = await importer.importRecords(actor, 'license-ids', inputs);
    expect(again.imported).toBe(0);
    expect(again.alreadyPresent).toBe(4);
    expect(again.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 7, 8, 9, 10]);
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
  });

  it('two imports of the same License IDs at once: each License ID once, the other import finds it present', async () => {
    const records = Array.from({ length: 20 }, (_, i) =>
      body(orgA, {
        parentAgreementNumber: i % 2 === 0 ? nextLicenseIdNumber('RP') : undefined,
        contacts: [contact('primary', REGISTERED)],
      }),
    ).map((r) => JSON.parse(JSON.stringify(r)) as CreateLicenseIdInput);
    // On PostgreSQL the later import's inserts wait for the earlier one's commit and meet it at the unique index:
    // that batch runs again and finds the License IDs present.
    const results = await Promise.all([
      importer.importRecords(actor, 'license-ids', records),
      importer.importRecords(actor, 'license-ids', records),
    ]);
    expect(results.map((r) => r.rejected)).toEqual([[], []]);
    expect(results.map((r) => r.imported).sort()).toEqual([0, 20]);
    expect(results.map((r) => r.alreadyPresent).sort()).toEqual([0, 20]);
    expect((await rowsOf(records.map((r) => r.number))).licenses).toHaveLength(20);
    expect(await verifyAuditLog(t.db.db)).toMatchObject({ ok: true });
  });
});
