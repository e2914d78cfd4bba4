// The audit log (SPEC §11), newest first: administrators see the entries of the License IDs they administer (in the
// Volume licensing area), operators every entry with its client address (in the operator console). Filters live in
// the address, like the orders page; the CSV export is a plain link with the same filters, streamed by the server.
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, isApiProblem } from '../../api/client';
import type { paths } from '../../api/schema';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { useCursorPages, type CursorPages } from '../../components/use-cursor-pages';
import { useI18n, useT } from '../../i18n/i18n';
import { OperatorNav } from '../operator/operator-nav';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';

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
  action: { minWidth: '18rem' },
  formButtons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, flexBasis: '100%' },
  buttons: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  scroll: { overflowX: 'auto' },
  mono: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  details: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
    minWidth: '16rem',
    maxWidth: '40rem',
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
});

type Filters = { licenseIdNumber?: string; action?: string; from?: string; to?: string };
const FILTER_NAMES = ['licenseIdNumber', 'action', 'from', 'to'] as const;

function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value.slice(0, 100);
  }
  return filters;
}

const paramsOf = (filters: Filters) => {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (filters[name]) params.set(name, filters[name]);
  return params;
};

export function AuditLogPage({ console }: { console: 'volume-licensing' | 'operator' }) {
  const t = useT();
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const pages = useCursorPages({
    queryKey: ['audit-log', filters],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/audit-log', { params: { query: { ...filters, cursor, limit } } })),
  });
  const notAllowed = isApiProblem(pages.error) && pages.error.code === 'audit.not_allowed' ? pages.error : undefined;
  const exportUrl = `/api/v1/audit-log/export${params.size > 0 ? `?${paramsOf(filters).toString()}` : ''}`;

  return (
    <>
      <PageHeader
        title={t('auditLog.title')}
        intro={t(console === 'operator' ? 'auditLog.introOperator' : 'auditLog.introAdministrator')}
      />
      {console === 'operator' ? <OperatorNav /> : <VolumeLicensingNav />}
      {notAllowed ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('auditLog.notAllowedTitle')}</MessageBarTitle>
            {problemMessage(notAllowed, t)}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.stack}>
          <FiltersForm
            key={params.toString()}
            filters={filters}
            error={pages.error}
            onApply={(next) => setParams(paramsOf(next))}
          />
          {/* A refused filter is explained at its field; the download would only save that problem as a file. */}
          {!pages.isError && (
            <div className={styles.buttons}>
              <Button as="a" href={exportUrl} download icon={<ArrowDownload20Regular />}>
                {t('auditLog.export')}
              </Button>
            </div>
          )}
          <EntriesTable pages={pages} withAddress={console === 'operator'} />
        </div>
      )}
    </>
  );
}

function FiltersForm(props: { filters: Filters; error: unknown; onApply: (filters: Filters) => void }) {
  const t = useT();
  const styles = useStyles();
  const [draft, setDraft] = useState<Filters>(props.filters);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply(draft);
  };
  const field = (name: (typeof FILTER_NAMES)[number]) => ({
    value: draft[name] ?? '',
    onChange: (_: unknown, data: { value: string }) => setDraft((d) => ({ ...d, [name]: data.value })),
  });
  return (
    <form role="search" aria-label={t('auditLog.filtersLabel')} className={styles.filters} onSubmit={submit}>
      <Field label={t('auditLog.licenseIdNumber')} validationMessage={fieldError(props.error, 'licenseIdNumber', t)}>
        <Input {...field('licenseIdNumber')} maxLength={32} />
      </Field>
      <Field
        label={t('auditLog.action')}
        hint={t('auditLog.actionHint')}
        className={styles.action}
        validationMessage={fieldError(props.error, 'action', t)}
      >
        <Input {...field('action')} maxLength={100} />
      </Field>
      <Field label={t('auditLog.from')} validationMessage={fieldError(props.error, 'from', t)}>
        <Input type="date" {...field('from')} />
      </Field>
      <Field label={t('auditLog.to')} validationMessage={fieldError(props.error, 'to', t)}>
        <Input type="date" {...field('to')} />
      </Field>
      <div className={styles.formButtons}>
        <Button type="submit" appearance="primary">
          {t('auditLog.apply')}
        </Button>
        <Button onClick={() => props.onApply({})}>{t('auditLog.clear')}</Button>
      </div>
    </form>
  );
}

/** An entry's details as `key: value` lines, nested objects flattened to dotted keys (before.signInName), lists joined. */
function detailLines(details: unknown, prefix = ''): [string, string][] {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    const text = Array.isArray(details)
      ? details.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
      : typeof details === 'string'
        ? details
        : JSON.stringify(details);
    return [[prefix, text]];
  }
  return Object.entries(details).flatMap(([key, value]) => detailLines(value, prefix ? `${prefix}.${key}` : key));
}

type Entry = paths['/api/v1/audit-log']['get']['responses'][200]['content']['application/json']['items'][number];
const ACTOR_KINDS = ['account', 'partner', 'operator', 'system', 'anonymous'] as const;
const isActorKind = (kind: string): kind is (typeof ACTOR_KINDS)[number] =>
  (ACTOR_KINDS as readonly string[]).includes(kind);

function EntriesTable({ pages, withAddress }: { pages: CursorPages<Entry>; withAddress: boolean }) {
  const t = useT();
  const styles = useStyles();
  const { locale } = useI18n();
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    [locale],
  );
  const actor = (entry: Entry) =>
    entry.actorSignInName ??
    (isActorKind(entry.actorKind) ? t(`auditLog.actorKinds.${entry.actorKind}`) : entry.actorKind);
  return (
    <div className={styles.scroll}>
      <PagedTable
        pages={pages}
        label={t('auditLog.tableLabel')}
        empty={t('auditLog.none')}
        columns={[
          t('auditLog.when'),
          t('auditLog.who'),
          t('auditLog.action'),
          t('auditLog.licenseIdNumber'),
          t('auditLog.details'),
          ...(withAddress ? [t('auditLog.address')] : []),
        ]}
        row={(entry) => (
          <TableRow key={entry.id}>
            <TableCell>{dateFormat.format(new Date(entry.at))}</TableCell>
            <TableCell>{actor(entry)}</TableCell>
            <TableCell>
              <span className={styles.mono}>{entry.action}</span>
            </TableCell>
            <TableCell>
              <span className={styles.mono}>{entry.licenseIdNumber ?? ''}</span>
            </TableCell>
            <TableCell>
              <ul className={styles.details}>
                {/* What the entry is about first, then its details: one column keeps the table within the page. */}
                {[...(entry.target ? [[t('auditLog.target'), entry.target]] : []), ...detailLines(entry.details)].map(
                  ([key, value]) => (
                    <li key={key}>
                      {key}: {value}
                    </li>
                  ),
                )}
              </ul>
            </TableCell>
            {withAddress && <TableCell className={styles.nowrap}>{entry.ip ?? ''}</TableCell>}
          </TableRow>
        )}
      />
    </div>
  );
}
