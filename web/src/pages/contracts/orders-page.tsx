// Orders (SPEC §7): across every License ID whose orders the caller's roles show, or only some
// (?licenseIdNumbers=A,B). Sort by order date, filter by date and by order number or product, expand an order to see
// its lines, and download the same selection as CSV (one record per line).
import { Button, Field, Input, makeStyles, Select, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, ChevronDown16Regular, ChevronRight16Regular } from '@fluentui/react-icons';
import { Fragment, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ordersExportUrl, useOrderPages, type Order, type OrderFilters, type OrderSort } from '../../api/contracts';
import { PageHeader } from '../../components/page-header';
import { DataTable } from '../../components/data-table';
import { PagedTable } from '../../components/paged-table';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { contractsPath, licenseTypeName, ordersPath, poolName, useDateFormat, useNumberFormat } from './report-helpers';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  search: { minWidth: '16rem' },
  buttons: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  formButtons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, flexBasis: '100%' },
  scroll: { overflowX: 'auto' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  lines: { paddingBlock: tokens.spacingVerticalS, paddingInlineStart: tokens.spacingHorizontalXXL },
  nested: { backgroundColor: tokens.colorNeutralBackground2 },
  number: { textAlign: 'end' },
});

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const numberList = /^[A-Z0-9][A-Z0-9-]{2,31}(,[A-Z0-9][A-Z0-9-]{2,31})*$/;

function filtersOf(params: URLSearchParams): OrderFilters {
  const filters: OrderFilters = {};
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const numbers = text('licenseIdNumbers');
  if (numbers && numberList.test(numbers)) filters.licenseIdNumbers = numbers;
  if (text('sort') === 'ordered-on-asc') filters.sort = 'ordered-on-asc';
  const from = text('orderedFrom');
  if (from && isoDate.test(from)) filters.orderedFrom = from;
  const to = text('orderedTo');
  if (to && isoDate.test(to)) filters.orderedTo = to;
  const q = text('q');
  if (q) filters.q = q.slice(0, 200);
  return filters;
}

function paramsOf(filters: OrderFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

export function OrdersPage() {
  const t = useT();
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const pages = useOrderPages(filters);
  const numbers = filters.licenseIdNumbers?.split(',') ?? [];
  const title = numbers.length ? t('orderList.titleFor', { licenseIds: numbers.join(', ') }) : t('orderList.title');

  return (
    <>
      <PageHeader title={title} intro={t('orderList.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div className={styles.buttons}>
          <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
          {numbers.length > 0 && <RouterLink to={ordersPath}>{t('orderList.allLicenseIds')}</RouterLink>}
        </div>
        <FiltersForm
          key={params.toString()}
          filters={filters}
          onApply={(next) => setParams(paramsOf({ ...next, licenseIdNumbers: filters.licenseIdNumbers }))}
        />
        {/* A refused selection (a License ID whose orders you may not see) is explained by the list's error; the
            download would only save that problem as a file. */}
        {!pages.isError && (
          <div className={styles.buttons}>
            <Button as="a" href={ordersExportUrl(filters)} download icon={<ArrowDownload20Regular />}>
              {t('orderList.export')}
            </Button>
          </div>
        )}
        <OrdersTable pages={pages} />
      </div>
    </>
  );
}

function FiltersForm({ filters, onApply }: { filters: OrderFilters; onApply: (filters: OrderFilters) => void }) {
  const t = useT();
  const styles = useStyles();
  const [draft, setDraft] = useState<OrderFilters>(filters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form role="search" aria-label={t('orderList.filtersHeading')} className={styles.filters} onSubmit={submit}>
      <Field label={t('orderList.search')} hint={t('orderList.searchHint')} className={styles.search}>
        <Input
          type="search"
          value={draft.q ?? ''}
          maxLength={200}
          onChange={(_, data) => setDraft((d) => ({ ...d, q: data.value }))}
        />
      </Field>
      <Field label={t('orderList.orderedFrom')}>
        <Input
          type="date"
          value={draft.orderedFrom ?? ''}
          onChange={(_, data) => setDraft((d) => ({ ...d, orderedFrom: data.value }))}
        />
      </Field>
      <Field label={t('orderList.orderedTo')}>
        <Input
          type="date"
          value={draft.orderedTo ?? ''}
          onChange={(_, data) => setDraft((d) => ({ ...d, orderedTo: data.value }))}
        />
      </Field>
      <Field label={t('orderList.sort')}>
        <Select
          value={draft.sort ?? 'ordered-on-desc'}
          onChange={(_, data) => setDraft((d) => ({ ...d, sort: data.value as OrderSort }))}
        >
          <option value="ordered-on-desc">{t('orderList.newestFirst')}</option>
          <option value="ordered-on-asc">{t('orderList.oldestFirst')}</option>
        </Select>
      </Field>
      <div className={styles.formButtons}>
        <Button type="submit" appearance="primary">
          {t('orderList.apply')}
        </Button>
        <Button onClick={() => onApply({})}>{t('orderList.clear')}</Button>
      </div>
    </form>
  );
}

const orderColumns = 8;

function OrdersTable({ pages }: { pages: ReturnType<typeof useOrderPages> }) {
  const t = useT();
  const styles = useStyles();
  const formatDate = useDateFormat();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className={styles.scroll}>
      <PagedTable
        pages={pages}
        label={t('orderList.tableLabel')}
        empty={t('orderList.none')}
        columns={[
          t('orderList.lines'),
          t('orderList.orderedOn'),
          t('orderList.licenseId'),
          t('orderList.organization'),
          t('orderList.orderNumber'),
          t('orderList.customerOrderNumber'),
          t('orderList.partner'),
          t('orderList.usageStart'),
        ]}
        row={(order) => (
          <Fragment key={order.id}>
            <TableRow>
              <TableCell>
                <LinesToggle order={order} open={expanded.has(order.id)} onToggle={() => toggle(order.id)} />
              </TableCell>
              <TableCell className={styles.nowrap}>{formatDate(order.orderedOn)}</TableCell>
              <TableCell className={styles.mono}>{order.licenseIdNumber}</TableCell>
              <TableCell>{order.organizationName}</TableCell>
              <TableCell className={styles.mono}>{order.partnerOrderNumber}</TableCell>
              <TableCell>{order.customerOrderNumber ?? ''}</TableCell>
              <TableCell>{order.partnerName}</TableCell>
              <TableCell className={styles.nowrap}>{order.usageStart ? formatDate(order.usageStart) : ''}</TableCell>
            </TableRow>
            {expanded.has(order.id) && (
              <TableRow id={linesRowId(order)}>
                <TableCell colSpan={orderColumns} className={styles.lines}>
                  <OrderLines order={order} />
                </TableCell>
              </TableRow>
            )}
          </Fragment>
        )}
      />
    </div>
  );
}

const linesRowId = (order: Order) => `order-lines-${order.id}`;

function LinesToggle({ order, open, onToggle }: { order: Order; open: boolean; onToggle: () => void }) {
  const t = useT();
  const count = order.lines.length;
  return (
    <Button
      appearance="subtle"
      size="small"
      icon={open ? <ChevronDown16Regular /> : <ChevronRight16Regular />}
      aria-expanded={open}
      aria-controls={open ? linesRowId(order) : undefined}
      aria-label={`${t('orderList.showLines', { order: order.partnerOrderNumber })} (${
        count === 1 ? t('orderList.oneLine') : t('orderList.lineCount', { count })
      })`}
      onClick={onToggle}
    >
      {count === 1 ? t('orderList.oneLine') : t('orderList.lineCount', { count })}
    </Button>
  );
}

function OrderLines({ order }: { order: Order }) {
  const t = useT();
  const styles = useStyles();
  const formatNumber = useNumberFormat();
  return (
    <DataTable
      label={t('orderList.linesOf', { order: order.partnerOrderNumber })}
      className={styles.nested}
      size="small"
      columns={[
        t('orderList.lineNumber'),
        t('orderList.partNumber'),
        t('orderList.product'),
        t('orderList.version'),
        t('orderList.pool'),
        t('orderList.licenseType'),
        t('orderList.quantity'),
        t('orderList.country'),
      ]}
      numeric={[6]}
    >
      {order.lines.map((line) => (
        <TableRow key={line.lineNumber}>
          <TableCell>{line.lineNumber}</TableCell>
          <TableCell className={styles.mono}>{line.partNumber}</TableCell>
          <TableCell>{line.product}</TableCell>
          <TableCell>{line.version}</TableCell>
          <TableCell>{poolName(line.pool, t)}</TableCell>
          <TableCell>{licenseTypeName(line.licenseType, t)}</TableCell>
          <TableCell className={styles.number}>{formatNumber(line.quantity)}</TableCell>
          <TableCell>{line.country}</TableCell>
        </TableRow>
      ))}
    </DataTable>
  );
}
