// License summaries above 1,000 License IDs (SPEC §7): the request stores a report and queues a job; the job computes
// it with the same statement as the answer at request time (summarizeSelection), then tells the requester twice — an
// in-app notice and an e-mail — in the transaction that stores the result, so neither can be lost or sent twice.
// The job re-checks the roles: a License ID the person lost the license summary role on meanwhile is left out.
import { and, desc, eq } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Transaction } from '../../db/client.js';
import { accounts, licenseSummaryReports, userPreferences } from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { conflict, notFound } from '../../domain/errors.js';
import { isoDay } from '../../domain/license-ids.js';
import { defineJob, enqueue, type ClaimedJob } from '../../jobs/queue.js';
import { enqueueMail } from '../../mail/outbox.js';
import { mailLocaleOf } from '../onboarding/mails.js';
import { notify } from '../notifications/service.js';
import type { SignedInAccount } from '../session/service.js';
import type { VlAccessService } from '../vl-access/service.js';
import { summaryFailedMail, summaryReadyMail } from './mails.js';
import { summarizeSelection, summaryCsv, type SummaryRow } from './service.js';

export const LICENSE_SUMMARY_QUEUE = 'license-summary.compute';
/** A report that fails this often is marked failed (the failure e-mail says so). */
export const LICENSE_SUMMARY_MAX_ATTEMPTS = 3;
type LicenseSummaryPayload = { reportId: string };

export type SummaryReportView = {
  id: string;
  state: 'queued' | 'ready' | 'failed';
  /** how many License IDs were asked for */
  licenseIdCount: number;
  createdAt: string;
  completedAt: string | null;
  /** when ready: the License IDs the summary covers (roles lost meanwhile leave some out) and its rows */
  result: { licenseIdNumbers: string[]; items: SummaryRow[] } | null;
};

type ReportResult = NonNullable<SummaryReportView['result']>;

/** Where the web app shows a report; the notice and the e-mail link to it. */
export const summaryReportPath = (id: string) => `/volume-licensing/license-summary/reports/${id}`;

function viewOf(row: typeof licenseSummaryReports.$inferSelect): SummaryReportView {
  return {
    id: row.id,
    state: row.state as SummaryReportView['state'],
    licenseIdCount: row.licenseIdNumbers.length,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    result: row.state === 'ready' ? (row.result as ReportResult) : null,
  };
}

/** How many reports the list shows: the recent ones are what people come back for. */
const REPORT_LIST_LIMIT = 20;

export function createSummaryReportsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  /** Stores a report of `licenseIdNumbers` (already checked against the caller's roles) and queues its job. */
  async function start(account: SignedInAccount, licenseIdNumbers: readonly string[]): Promise<SummaryReportView> {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(licenseSummaryReports)
        .values({ accountId: account.id, licenseIdNumbers: [...licenseIdNumbers], createdAt: clock.now() })
        .returning();
      await enqueue<LicenseSummaryPayload>(tx, {
        queue: LICENSE_SUMMARY_QUEUE,
        payload: { reportId: row!.id },
        maxAttempts: LICENSE_SUMMARY_MAX_ATTEMPTS,
      });
      return viewOf(row!);
    });
  }

  async function list(account: SignedInAccount): Promise<SummaryReportView[]> {
    const rows = await db
      .select()
      .from(licenseSummaryReports)
      .where(eq(licenseSummaryReports.accountId, account.id))
      .orderBy(desc(licenseSummaryReports.createdAt), desc(licenseSummaryReports.id))
      .limit(REPORT_LIST_LIMIT);
    return rows.map(viewOf);
  }

  /** One of the caller's reports; anyone else's does not exist for them. */
  async function get(account: SignedInAccount, id: string): Promise<SummaryReportView> {
    const [row] = await db
      .select()
      .from(licenseSummaryReports)
      .where(and(eq(licenseSummaryReports.id, id), eq(licenseSummaryReports.accountId, account.id)));
    if (!row) throw notFound('license_summary.report_not_found', 'There is no such license summary report of yours.');
    return viewOf(row);
  }

  /** A ready report of the caller's as CSV; one still being prepared, or failed, has nothing to export yet. */
  async function* exportCsv(account: SignedInAccount, id: string): AsyncGenerator<string> {
    const report = await get(account, id);
    if (!report.result) {
      throw conflict(
        'license_summary.report_not_ready',
        report.state === 'failed'
          ? 'This license summary report failed, so there is nothing to export. Ask for the summary again.'
          : 'This license summary report is still being prepared. Export it when it is ready: you get a notice and an e-mail.',
      );
    }
    yield* summaryCsv(report.result.items);
  }

  return { start, list, get, exportCsv };
}

export type SummaryReportsService = ReturnType<typeof createSummaryReportsService>;

/** The worker's handler for report jobs. */
export function licenseSummaryJob(deps: { config: Config; vlAccess: VlAccessService }) {
  const { config, vlAccess } = deps;

  async function requesterOf(tx: Transaction, reportId: string) {
    const [row] = await tx
      .select({
        report: licenseSummaryReports,
        account: { id: accounts.id, cloud: accounts.cloud, email: accounts.signInName, name: accounts.displayName },
        locale: userPreferences.locale,
      })
      .from(licenseSummaryReports)
      .innerJoin(accounts, eq(accounts.id, licenseSummaryReports.accountId))
      .leftJoin(userPreferences, eq(userPreferences.accountId, accounts.id))
      .where(eq(licenseSummaryReports.id, reportId))
      .for('update', { of: licenseSummaryReports });
    return row ? { ...row, account: { ...row.account, cloud: row.account.cloud as Cloud } } : undefined;
  }

  return defineJob<LicenseSummaryPayload>({
    queue: LICENSE_SUMMARY_QUEUE,
    maxAttempts: LICENSE_SUMMARY_MAX_ATTEMPTS,
    async handler(ctx) {
      const { job, db, clock } = ctx;
      await db.transaction(async (tx) => {
        const found = await requesterOf(tx, job.payload.reportId);
        // Gone with its account, or already finished by an earlier attempt: nothing left to do.
        if (!found || found.report.state !== 'queued') return ctx.complete(tx);
        const { report, account, locale } = found;
        // A jsonb column is not checked by the database: a report whose License IDs are not a list of numbers cannot
        // be computed (retried, then marked failed), rather than summarized as if it named nothing.
        if (!Array.isArray(report.licenseIdNumbers) || !report.licenseIdNumbers.every((n) => typeof n === 'string'))
          throw new Error(`license summary report ${report.id} does not name its License IDs as a list`);
        const { licenseIdNumbers: kept, items } = await summarizeSelection(
          tx,
          vlAccess,
          account,
          report.licenseIdNumbers,
          isoDay(clock.now()),
          null,
        );
        const result: ReportResult = { licenseIdNumbers: kept, items: items! };
        await tx
          .update(licenseSummaryReports)
          .set({ state: 'ready', result, completedAt: clock.now() })
          .where(eq(licenseSummaryReports.id, report.id));
        const link = summaryReportPath(report.id);
        await notify(tx, clock, {
          accountId: account.id,
          kind: 'license-summary.ready',
          params: { licenseIdCount: kept.length },
          link,
        });
        const mail = summaryReadyMail(mailLocaleOf(locale), {
          name: account.name,
          licenseIdCount: kept.length,
          url: `${config.baseUrls[account.cloud]}${link}`,
        });
        await enqueueMail(tx, clock, {
          kind: 'license-summary-ready',
          to: account.email,
          subjectId: report.id,
          ...mail,
        });
        await ctx.complete(tx);
      });
    },
    async onFailed(tx: Transaction, job: ClaimedJob<LicenseSummaryPayload>, _error: string, clock: Clock) {
      const found = await requesterOf(tx, job.payload.reportId);
      if (!found || found.report.state !== 'queued') return;
      const { report, account, locale } = found;
      await tx
        .update(licenseSummaryReports)
        .set({ state: 'failed', completedAt: clock.now() })
        .where(eq(licenseSummaryReports.id, report.id));
      const link = summaryReportPath(report.id);
      await notify(tx, clock, {
        accountId: account.id,
        kind: 'license-summary.failed',
        params: { licenseIdCount: report.licenseIdNumbers.length },
        link,
      });
      const mail = summaryFailedMail(mailLocaleOf(locale), {
        name: account.name,
        licenseIdCount: report.licenseIdNumbers.length,
        url: `${config.baseUrls[account.cloud]}/volume-licensing`,
      });
      await enqueueMail(tx, clock, {
        kind: 'license-summary-failed',
        to: account.email,
        subjectId: report.id,
        ...mail,
      });
    },
  });
}
