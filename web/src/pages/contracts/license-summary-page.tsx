// License summary (SPEC §7): effective and active Software Assurance quantity per product family, version and pool.
// For the License IDs named in the query string (?licenseIdNumbers=A,B) the server answers at once; for all of the
// person's License IDs (?all=1) it answers at once up to 1,000 and otherwise prepares a report in the background, which
// the report page shows (and the bell and an e-mail announce). Recent reports are listed under the summary.
import { Badge, Body1, Button, makeStyles, Subtitle2, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  licenseSummaryExportUrl,
  summaryReportExportUrl,
  useLicenseSummary,
  useSummarizeAll,
  useSummaryReport,
  useSummaryReports,
  type LicenseSummary,
  type SummaryReport,
} from '../../api/contracts';
import { PageHeader } from '../../components/page-header';
import { DataTable } from '../../components/data-table';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useI18n, useT } from '../../i18n/i18n';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { contractsPath, licenseSummaryOfAllPath, poolName, summaryReportPath, useNumberFormat } from './report-helpers';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto' },
  number: { textAlign: 'end' },
  ids: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const numberPattern = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

export function LicenseSummaryPage() {
  const t = useT();
  const styles = useStyles();
  const [params] = useSearchParams();
  const all = params.get('all') === '1';
  const list = params.get('licenseIdNumbers') ?? '';
  // Unique and well-formed: anything else could only be refused as a whole.
  const numbers = useMemo(
    () => [...new Set(list.split(',').map((n) => n.trim()))].filter((n) => numberPattern.test(n)),
    [list],
  );

  return (
    <>
      <PageHeader title={t('licenseSummary.title')} intro={t('licenseSummary.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div>
          <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
        </div>
        {all ? (
          <SummaryOfAll />
        ) : numbers.length > 0 ? (
          <SummaryOfSelection numbers={numbers} />
        ) : (
          <Body1>
            {t('licenseSummary.noneSelected')}{' '}
            <RouterLink to={licenseSummaryOfAllPath}>{t('licenseSummary.allLink')}</RouterLink>
          </Body1>
        )}
        <RecentReports />
      </div>
    </>
  );
}

function SummaryOfSelection({ numbers }: { numbers: string[] }) {
  const t = useT();
  const styles = useStyles();
  const summary = useLicenseSummary(numbers);
  let content;
  if (summary.data) content = <SummaryTable items={summary.data.items} exportHref={licenseSummaryExportUrl(numbers)} />;
  else if (summary.isError) content = <LoadError error={summary.error} onRetry={() => void summary.refetch()} />;
  else content = <Loading />;
  return (
    <>
      <Body1 className={styles.ids}>{t('licenseSummary.forLicenseIds', { licenseIds: numbers.join(', ') })}</Body1>
      {content}
    </>
  );
}

/** All of the person's License IDs: a button, since more than 1,000 start a report that takes a while. */
function SummaryOfAll() {
  const t = useT();
  const styles = useStyles();
  const navigate = useNavigate();
  const summarize = useSummarizeAll();
  const formatNumber = useNumberFormat();
  const answer = summarize.data;
  return (
    <>
      <Body1>{t('licenseSummary.allIntro')}</Body1>
      <div>
        <Button
          appearance="primary"
          disabled={summarize.isPending}
          onClick={() =>
            summarize.mutate(undefined, {
              onSuccess: (result) => {
                if (result.report) void navigate(summaryReportPath(result.report.id));
              },
            })
          }
        >
          {summarize.isPending ? t('licenseSummary.allWorking') : t('licenseSummary.allButton')}
        </Button>
      </div>
      {summarize.isError && (
        <Body1 role="alert" className={styles.error}>
          {problemMessage(summarize.error, t)}
        </Body1>
      )}
      {answer?.summary && (
        <>
          <Body1 className={styles.ids} role="status">
            {t('licenseSummary.allCount', { count: formatNumber(answer.summary.licenseIdNumbers.length) })}
          </Body1>
          <SummaryTable items={answer.summary.items} exportHref={licenseSummaryExportUrl()} />
        </>
      )}
    </>
  );
}

function RecentReports() {
  const t = useT();
  const reports = useSummaryReports();
  const items = reports.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="recent-summary-reports">
      <Subtitle2 as="h2" id="recent-summary-reports">
        {t('licenseSummary.recentReports')}
      </Subtitle2>
      <ul>
        {items.map((report) => (
          <li key={report.id}>
            <RouterLink to={summaryReportPath(report.id)}>
              <ReportName report={report} />
            </RouterLink>{' '}
            <ReportState report={report} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReportName({ report }: { report: SummaryReport }) {
  const { t, locale } = useI18n();
  const formatNumber = useNumberFormat();
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(report.createdAt),
  );
  return <>{t('licenseSummary.reportName', { count: formatNumber(report.licenseIdCount), when })}</>;
}

function ReportState({ report }: { report: SummaryReport }) {
  const t = useT();
  const color = report.state === 'ready' ? 'success' : report.state === 'failed' ? 'danger' : 'informative';
  return (
    <Badge appearance="tint" color={color}>
      {t(`licenseSummary.reportStates.${report.state}`)}
    </Badge>
  );
}

/** One report: waiting (asked again every few seconds), ready (the table) or failed (what to do). */
export function LicenseSummaryReportPage() {
  const t = useT();
  const styles = useStyles();
  const formatNumber = useNumberFormat();
  const { reportId = '' } = useParams();
  const report = useSummaryReport(reportId);

  let content;
  if (report.isError) content = <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  else if (!report.data) content = <Loading />;
  else {
    const data = report.data;
    content = (
      <>
        <Body1>
          <ReportName report={data} /> <ReportState report={data} />
        </Body1>
        {data.state === 'queued' && <Body1 role="status">{t('licenseSummary.reportQueued')}</Body1>}
        {data.state === 'failed' && (
          <Body1 role="alert">
            {t('licenseSummary.reportFailed')}{' '}
            <RouterLink to={licenseSummaryOfAllPath}>{t('licenseSummary.allLink')}</RouterLink>
          </Body1>
        )}
        {data.result && (
          <>
            {data.result.licenseIdNumbers.length < data.licenseIdCount && (
              <Body1 className={styles.ids}>
                {t('licenseSummary.reportLeftOut', {
                  count: formatNumber(data.licenseIdCount - data.result.licenseIdNumbers.length),
                })}
              </Body1>
            )}
            <SummaryTable items={data.result.items} exportHref={summaryReportExportUrl(data.id)} />
          </>
        )}
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('licenseSummary.reportTitle')} intro={t('licenseSummary.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div>
          <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
        </div>
        {content}
      </div>
    </>
  );
}

type Item = LicenseSummary['items'][number];

/** The summary's rows, with a download of the same rows as CSV (`exportHref`: the API's export of this summary). */
function SummaryTable({ items, exportHref }: { items: Item[]; exportHref: string }) {
  const t = useT();
  const styles = useStyles();
  const formatNumber = useNumberFormat();
  if (items.length === 0) return <Body1>{t('licenseSummary.none')}</Body1>;
  return (
    <>
      <div>
        <Button as="a" href={exportHref} download icon={<ArrowDownload20Regular />}>
          {t('licenseSummary.export')}
        </Button>
      </div>
      <div className={styles.scroll}>
        <DataTable
          label={t('licenseSummary.tableLabel')}
          columns={[
            t('licenseSummary.productFamily'),
            t('licenseSummary.version'),
            t('licenseSummary.pool'),
            t('licenseSummary.effectiveQuantity'),
            t('licenseSummary.activeSaQuantity'),
          ]}
          numeric={[3, 4]}
        >
          {items.map((item) => (
            <TableRow key={`${item.productFamily}\u0000${item.version}\u0000${item.pool}`}>
              <TableCell>{item.productFamily}</TableCell>
              <TableCell>{item.version}</TableCell>
              <TableCell>{poolName(item.pool, t)}</TableCell>
              <TableCell className={styles.number}>{formatNumber(item.effectiveQuantity)}</TableCell>
              <TableCell className={styles.number}>{formatNumber(item.activeSaQuantity)}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      </div>
    </>
  );
}
