// License summaries above 1,000 License IDs (SPEC §7): 202 with a report, a job computes it with the same arithmetic
// as the answer at request time, re-checking roles; the requester gets an in-app notice and an e-mail; reports and
// notices are their owner's alone. Runs the real worker (loop: false) on the test database.
import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../src/jobs/handlers.js';
import { startWorker } from '../../src/jobs/worker.js';
import { createMailboxTransport } from '../../src/mail/transport.js';
import { silentLogger } from '../../src/logger.js';
import {
  licenseIds,
  licenseSummaryReports,
  mailMessages,
  orderLines,
  orders,
  vlRoleAssignments,
} from '../../src/db/schema.js';
import { createTestApp, signIn, type TestApp } from '../helpers/app.js';
import { createAccount, createTenant, TEST_PASSWORD } from '../helpers/builders.js';
import { createOrganization, createPartner } from '../helpers/partner.js';
import { createVlUser } from '../helpers/vl-world.js';

type Session = Awaited<ReturnType<typeof signIn>>;
const get = (app: FastifyInstance, s: Session, url: string) => app.inject({ method: 'GET', url, headers: s.headers });
const post = (app: FastifyInstance, s: Session, url: string, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: s.headers, payload: payload as InjectOptions['payload'] });

const TOTAL = 1_200;
const numberOf = (i: number) => `BIG${String(i).padStart(6, '0')}`;

describe('license summary reports above 1,000 License IDs', () => {
  let t: TestApp;
  let big: Session;
  let other: Session;
  let ids: string[];

  /** Runs every due job (the report, then its e-mail) with the app's own handlers. */
  async function runJobs() {
    const worker = startWorker({
      db: t.db,
      clock: t.clock,
      logger: silentLogger,
      handlers: jobHandlers({ db: t.db.db, clock: t.clock, config: t.config, mailer: createMailboxTransport() }),
      loop: false,
    });
    let ran = 0;
    while (await worker.runOnce()) ran++;
    await worker.stop();
    return ran;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const partner = await createPartner(t.db.db);
    const org = await createOrganization(t.app, t.db.db, partner, { body: { name: 'Big Co' } });
    const tenant = await createTenant(t.db.db);
    const { profiles } = await createVlUser(t.db.db, { tenantId: tenant.id, signInName: 'big@big.example' });
    await createAccount(t.db.db, { tenantId: tenant.id, signInName: 'other@big.example' });
    const rows = await t.db.db
      .insert(licenseIds)
      .values(
        Array.from({ length: TOTAL }, (_, i) => ({
          number: numberOf(i),
          organizationId: org,
          programId: 'select-plus',
          partnerId: partner.id,
          cloud: 'public',
          startDate: '2026-01-01',
          endDate: '2029-12-31',
        })),
      )
      .returning({ id: licenseIds.id, number: licenseIds.number });
    ids = rows.sort((a, b) => a.number.localeCompare(b.number)).map((r) => r.id);
    await t.db.db.insert(vlRoleAssignments).values(
      ids.map((licenseIdId) => ({
        vlProfileId: profiles[0]!.id,
        licenseIdId,
        role: 'license-position-reader',
        grantedAt: t.clock.now(),
      })),
    );
    // Every License ID: 2 Office licenses with SA; the first 10 also a server license without SA.
    const orderRows = await t.db.db
      .insert(orders)
      .values(
        ids.map((licenseIdId, i) => ({
          partnerId: partner.id,
          licenseIdId,
          partnerOrderNumber: `PO-${i}`,
          orderedOn: '2026-02-01',
        })),
      )
      .returning({ id: orders.id, licenseIdId: orders.licenseIdId });
    const line = { partNumber: 'P', country: 'US', version: '2024' };
    await t.db.db.insert(orderLines).values(
      orderRows.flatMap((o) => [
        {
          ...line,
          orderId: o.id,
          lineNumber: 1,
          product: 'Office 2024',
          productFamily: 'Office',
          pool: 'applications',
          licenseType: 'license+sa',
          quantity: 2,
        },
        ...(ids.indexOf(o.licenseIdId) < 10
          ? [
              {
                ...line,
                orderId: o.id,
                lineNumber: 2,
                product: 'Server 2024',
                productFamily: 'Server',
                pool: 'servers',
                licenseType: 'license',
                quantity: 1,
              },
            ]
          : []),
      ]),
    );
    big = await signIn(t.app, 'big@big.example', TEST_PASSWORD);
    other = await signIn(t.app, 'other@big.example', TEST_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers up to 1,000 License IDs at once and queues a report above that', async () => {
    const named = Array.from({ length: 1_000 }, (_, i) => numberOf(i));
    const atOnce = await post(t.app, big, '/api/v1/license-summary', { licenseIdNumbers: named });
    expect(atOnce.statusCode, atOnce.body).toBe(200);
    expect(atOnce.json().items).toEqual([
      {
        productFamily: 'Office',
        version: '2024',
        pool: 'applications',
        effectiveQuantity: 2_000,
        activeSaQuantity: 2_000,
      },
      { productFamily: 'Server', version: '2024', pool: 'servers', effectiveQuantity: 10, activeSaQuantity: 0 },
    ]);

    const queued = await post(t.app, big, '/api/v1/license-summary', { allLicenseIds: true });
    expect(queued.statusCode, queued.body).toBe(202);
    const report = queued.json().report;
    expect(report).toMatchObject({ state: 'queued', licenseIdCount: TOTAL, result: null });
    expect(queued.headers.location).toBe(`/api/v1/license-summary/reports/${report.id}`);
    expect((await get(t.app, big, '/api/v1/notifications')).json()).toEqual({ unreadCount: 0, items: [] });

    // Not ready yet: nothing to export, and the answer says what to do.
    const early = await get(t.app, big, `/api/v1/license-summary/reports/${report.id}/export`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('license_summary.report_not_ready');
    // Asked for as CSV at once, this many License IDs are refused the same way: a report is how they are summarized.
    const tooMany = await get(t.app, big, '/api/v1/license-summary/export');
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('license_summary.too_many_to_export');

    // Meanwhile the person loses the role on one License ID: the report leaves it out.
    await t.db.db.delete(vlRoleAssignments).where(eq(vlRoleAssignments.licenseIdId, ids[TOTAL - 1]!));
    expect(await runJobs()).toBe(2); // the report, then its e-mail

    const done = (await get(t.app, big, `/api/v1/license-summary/reports/${report.id}`)).json();
    expect(done.state).toBe('ready');
    expect(done.result.licenseIdNumbers).toHaveLength(TOTAL - 1);
    expect(done.result.licenseIdNumbers).not.toContain(numberOf(TOTAL - 1));
    expect(done.result.items).toEqual([
      {
        productFamily: 'Office',
        version: '2024',
        pool: 'applications',
        effectiveQuantity: 2 * (TOTAL - 1),
        activeSaQuantity: 2 * (TOTAL - 1),
      },
      { productFamily: 'Server', version: '2024', pool: 'servers', effectiveQuantity: 10, activeSaQuantity: 0 },
    ]);
    expect(
      (await get(t.app, big, '/api/v1/license-summary/reports')).json().items.map((r: { id: string }) => r.id),
    ).toEqual([report.id]);
    const csv = await get(t.app, big, `/api/v1/license-summary/reports/${report.id}/export`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe(
      '\uFEFFProduct family,Version,Pool,Effective quantity,Active Software Assurance quantity\r\n' +
        `Office,2024,applications,${2 * (TOTAL - 1)},${2 * (TOTAL - 1)}\r\n` +
        'Server,2024,servers,10,0\r\n',
    );

    const notices = (await get(t.app, big, '/api/v1/notifications')).json();
    expect(notices.unreadCount).toBe(1);
    expect(notices.items[0]).toMatchObject({
      kind: 'license-summary.ready',
      params: { licenseIdCount: TOTAL - 1 },
      link: `/volume-licensing/license-summary/reports/${report.id}`,
      read: false,
    });
    const [mail] = await t.db.db
      .select()
      .from(mailMessages)
      .where(and(eq(mailMessages.recipient, 'big@big.example'), eq(mailMessages.kind, 'license-summary-ready')));
    expect(mail).toMatchObject({ state: 'stored', subject: 'Your license summary is ready' });
    expect(mail!.textBody).toContain(
      `${t.config.baseUrls.public}/volume-licensing/license-summary/reports/${report.id}`,
    );
    expect(mail!.textBody).toContain('1,199 License IDs');

    // Running the jobs again does nothing more: one notice, one e-mail.
    expect(await runJobs()).toBe(0);

    expect((await post(t.app, big, `/api/v1/notifications/${notices.items[0].id}/read`)).statusCode).toBe(204);
    expect((await get(t.app, big, '/api/v1/notifications')).json().unreadCount).toBe(0);
    await t.db.db.delete(licenseSummaryReports).where(inArray(licenseSummaryReports.id, [report.id]));
  }, 120_000);

  it('keeps reports and notices to their owner', async () => {
    const queued = (await post(t.app, big, '/api/v1/license-summary', { allLicenseIds: true })).json().report;
    await runJobs();
    const theirs = await get(t.app, other, `/api/v1/license-summary/reports/${queued.id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('license_summary.report_not_found');
    const theirCsv = await get(t.app, other, `/api/v1/license-summary/reports/${queued.id}/export`);
    expect(theirCsv.statusCode).toBe(404);
    expect(theirCsv.json().code).toBe('license_summary.report_not_found');
    expect((await get(t.app, other, '/api/v1/license-summary/reports')).json().items).toEqual([]);
    const notice = (await get(t.app, big, '/api/v1/notifications')).json().items[0];
    const foreign = await post(t.app, other, `/api/v1/notifications/${notice.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('notification.not_found');
    expect((await get(t.app, big, '/api/v1/notifications')).json().items[0].read).toBe(false);
    expect((await post(t.app, big, '/api/v1/notifications/read-all')).statusCode).toBe(204);
    expect((await get(t.app, big, '/api/v1/notifications')).json().unreadCount).toBe(0);
  });

  it('refuses unclear or malformed requests, naming the field', async () => {
    const both = await post(t.app, big, '/api/v1/license-summary', {
      licenseIdNumbers: [numberOf(0)],
      allLicenseIds: true,
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().fields[0].name).toBe('body.allLicenseIds');
    const neither = await post(t.app, big, '/api/v1/license-summary', {});
    expect(neither.statusCode).toBe(400);
    expect(neither.json().fields[0].name).toBe('body.licenseIdNumbers');
    const notTrue = await post(t.app, big, '/api/v1/license-summary', { allLicenseIds: false });
    expect(notTrue.statusCode).toBe(400);
    expect(notTrue.json().fields[0].name).toBe('body.allLicenseIds');
    const tooMany = await post(t.app, big, '/api/v1/license-summary', {
      licenseIdNumbers: Array.from({ length: 20_001 }, (_, i) => `V${String(i).padStart(7, '0')}`),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().fields[0].name).toBe('body.licenseIdNumbers');
    const badId = await get(t.app, big, '/api/v1/license-summary/reports/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields[0].name).toBe('params.reportId');
    const badNotice = await post(t.app, big, '/api/v1/notifications/zero/read');
    expect(badNotice.statusCode).toBe(400);
    expect(badNotice.json().fields[0].name).toBe('params.notificationId');
  });

  it('marks a report failed, with a notice and an e-mail, when the job gives up', async () => {
    const queued = (await post(t.app, big, '/api/v1/license-summary', { allLicenseIds: true })).json().report;
    // Make the computation fail: the report names License IDs as something that is not a list.
    await t.db.db.execute(
      `update license_summary_reports set license_id_numbers = '"broken"'::jsonb where id = '${queued.id}'` as never,
    );
    for (let attempt = 0; attempt < 3; attempt++) {
      await runJobs();
      t.clock.advance(2 * 3_600_000);
    }
    const failed = (await get(t.app, big, `/api/v1/license-summary/reports/${queued.id}`)).json();
    expect(failed.state).toBe('failed');
    const notices = (await get(t.app, big, '/api/v1/notifications')).json();
    expect(notices.items[0]).toMatchObject({ kind: 'license-summary.failed', read: false });
    const [mail] = await t.db.db
      .select()
      .from(mailMessages)
      .where(and(eq(mailMessages.subjectId, queued.id), eq(mailMessages.kind, 'license-summary-failed')));
    expect(mail?.state).toBe('stored');
  });
});
