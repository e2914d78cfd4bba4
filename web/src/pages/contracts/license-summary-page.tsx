// License summary (SPEC §7) of the License IDs named in the query string (?licenseIdNumbers=A,B): effective and active
// Software Assurance quantity per product family, version and pool, computed by the server at request time.
import {
  Body1,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useLicenseSummary, type LicenseSummary } from '../../api/contracts';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { contractsPath, poolName, useNumberFormat } from './report-helpers';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto' },
  table: { tableLayout: 'auto' },
  number: { textAlign: 'end' },
  ids: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

const numberPattern = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

export function LicenseSummaryPage() {
  const t = useT();
  const styles = useStyles();
  const [params] = useSearchParams();
  const list = params.get('licenseIdNumbers') ?? '';
  // Unique and well-formed: anything else could only be refused as a whole.
  const numbers = useMemo(
    () => [...new Set(list.split(',').map((n) => n.trim()))].filter((n) => numberPattern.test(n)),
    [list],
  );
  const summary = useLicenseSummary(numbers);

  let content;
  if (numbers.length === 0) content = <Body1>{t('licenseSummary.noneSelected')}</Body1>;
  else if (summary.data) content = <SummaryTable items={summary.data.items} />;
  else if (summary.isError) content = <LoadError error={summary.error} onRetry={() => void summary.refetch()} />;
  else content = <Loading />;

  return (
    <>
      <PageHeader title={t('licenseSummary.title')} intro={t('licenseSummary.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div>
          <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
        </div>
        {numbers.length > 0 && (
          <Body1 className={styles.ids}>{t('licenseSummary.forLicenseIds', { licenseIds: numbers.join(', ') })}</Body1>
        )}
        {content}
      </div>
    </>
  );
}

type Item = LicenseSummary['items'][number];

function SummaryTable({ items }: { items: Item[] }) {
  const t = useT();
  const styles = useStyles();
  const formatNumber = useNumberFormat();
  if (items.length === 0) return <Body1>{t('licenseSummary.none')}</Body1>;
  return (
    <div className={styles.scroll}>
      <Table className={styles.table} aria-label={t('licenseSummary.tableLabel')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('licenseSummary.productFamily')}</TableHeaderCell>
            <TableHeaderCell>{t('licenseSummary.version')}</TableHeaderCell>
            <TableHeaderCell>{t('licenseSummary.pool')}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>{t('licenseSummary.effectiveQuantity')}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>{t('licenseSummary.activeSaQuantity')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={`${item.productFamily}\u0000${item.version}\u0000${item.pool}`}>
              <TableCell>{item.productFamily}</TableCell>
              <TableCell>{item.version}</TableCell>
              <TableCell>{poolName(item.pool, t)}</TableCell>
              <TableCell className={styles.number}>{formatNumber(item.effectiveQuantity)}</TableCell>
              <TableCell className={styles.number}>{formatNumber(item.activeSaQuantity)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
