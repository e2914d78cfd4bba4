import {
  Badge,
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Select,
  Subtitle1,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/page-header';
import { DataTable } from '../../components/data-table';
import { PagedTable } from '../../components/paged-table';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useI18n, useT } from '../../i18n/i18n';
import { OperatorNav } from './operator-nav';

type TenantDetailAnswer =
  paths['/api/v1/operator/tenants/{id}']['get']['responses'][200]['content']['application/json'];
type Takeover = TenantDetailAnswer['takeovers'][number];
type TenantSummary =
  paths['/api/v1/operator/tenants']['get']['responses'][200]['content']['application/json']['items'][number];

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  heading: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0 },
});

export function OperatorOnly({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  if (useMe().data?.account.isOperator) return <>{children}</>;
  return (
    <>
      <PageHeader title={title} />
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t('operator.onlyOperators')}</MessageBarBody>
      </MessageBar>
    </>
  );
}

export function useDate() {
  const { locale } = useI18n();
  return (value: string) => new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

function StateBadge({ state }: { state: 'managed' | 'unmanaged' }) {
  const t = useT();
  return (
    <Badge appearance="tint" color={state === 'managed' ? 'success' : 'warning'}>
      {state === 'managed' ? t('operator.managed') : t('operator.unmanaged')}
    </Badge>
  );
}

export function OperatorTenantsPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operator.title')}>
      <TenantList />
    </OperatorOnly>
  );
}

function TenantList() {
  const t = useT();
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const [state, setState] = useState<'' | 'managed' | 'unmanaged'>('');
  const tenants = useCursorPages({
    queryKey: ['operator-tenants', query, state],
    fetchPage: ({ cursor, limit }) =>
      call(
        api.GET('/api/v1/operator/tenants', {
          params: { query: { query: query || undefined, state: state || undefined, cursor, limit } },
        }),
      ),
  });

  return (
    <div className={styles.body}>
      <PageHeader title={t('operator.title')} intro={t('operator.intro')} />
      <OperatorNav />
      <div className={styles.toolbar}>
        <Field label={t('operator.search')}>
          <SearchBox value={query} onChange={(_e, data) => setQuery(data.value)} />
        </Field>
        <Field label={t('operator.state')}>
          <Select value={state} onChange={(_e, data) => setState(data.value as typeof state)}>
            <option value="">{t('operator.allStates')}</option>
            <option value="managed">{t('operator.managed')}</option>
            <option value="unmanaged">{t('operator.unmanaged')}</option>
          </Select>
        </Field>
      </div>
      <PagedTable
        pages={tenants}
        label={t('operator.tableLabel')}
        columns={[
          t('operator.name'),
          t('operator.initialDomain'),
          t('operator.state'),
          t('operator.domains'),
          t('operator.accounts'),
        ]}
        empty={t('operator.none')}
        row={(tenant) => <TenantRow key={tenant.id} tenant={tenant} />}
      />
    </div>
  );
}

function TenantRow({ tenant }: { tenant: TenantSummary }) {
  return (
    <TableRow>
      <TableCell>
        <RouterLink to={`/operator/tenants/${tenant.id}`}>{tenant.displayName}</RouterLink>
      </TableCell>
      <TableCell>{tenant.initialDomain}</TableCell>
      <TableCell>
        <StateBadge state={tenant.state} />
      </TableCell>
      <TableCell>{tenant.domainCount}</TableCell>
      <TableCell>{tenant.accountCount}</TableCell>
    </TableRow>
  );
}

export function OperatorTenantPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operator.tenantTitle')}>
      <TenantDetail />
    </OperatorOnly>
  );
}

function TenantDetail() {
  const t = useT();
  const styles = useStyles();
  const date = useDate();
  const id = useParams().id ?? '';
  const tenant = useQuery({
    queryKey: ['operator-tenant', id],
    queryFn: () => call(api.GET('/api/v1/operator/tenants/{id}', { params: { path: { id } } })),
  });

  if (tenant.isPending) return <Loading />;
  if (tenant.isError) {
    return (
      <>
        <PageHeader title={t('operator.tenantTitle')} />
        <LoadError error={tenant.error} onRetry={() => void tenant.refetch()} />
      </>
    );
  }
  const data = tenant.data;
  return (
    <div className={styles.body}>
      <PageHeader title={data.displayName} />
      <RouterLink to="/operator">{t('operator.backToList')}</RouterLink>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('operator.state')}</dt>
        <dd className={styles.definition}>
          <StateBadge state={data.state} />
        </dd>
        <dt className={styles.term}>{t('operator.initialDomain')}</dt>
        <dd className={styles.definition}>{data.initialDomain}</dd>
        <dt className={styles.term}>{t('operator.cloud')}</dt>
        <dd className={styles.definition}>{data.cloud}</dd>
        <dt className={styles.term}>{t('operator.accounts')}</dt>
        <dd className={styles.definition}>{data.accountCount}</dd>
        <dt className={styles.term}>{t('operator.globalAdmins')}</dt>
        <dd className={styles.definition}>{data.globalAdminCount}</dd>
        <dt className={styles.term}>{t('operator.created')}</dt>
        <dd className={styles.definition}>{date(data.createdAt)}</dd>
      </dl>
      <Subtitle1 as="h2" className={styles.heading}>
        {t('operator.domains')}
      </Subtitle1>
      {data.domains.length === 0 ? (
        <Body1>{t('operator.noDomains')}</Body1>
      ) : (
        <DataTable
          label={t('operator.domains')}
          columns={[t('operator.name'), t('operator.state'), t('operator.verifiedAt')]}
        >
          {data.domains.map((domain) => (
            <TableRow key={domain.name}>
              <TableCell>{domain.name}</TableCell>
              <TableCell>{domain.state === 'verified' ? t('domains.verified') : t('domains.unverified')}</TableCell>
              <TableCell>{domain.verifiedAt ? date(domain.verifiedAt) : '—'}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
      <Subtitle1 as="h2" className={styles.heading}>
        {t('operator.takeovers')}
      </Subtitle1>
      {data.takeovers.length === 0 ? (
        <Body1>{t('operator.noTakeovers')}</Body1>
      ) : (
        <DataTable
          label={t('operator.takeovers')}
          columns={[t('operator.domain'), t('operator.mode'), t('operator.by'), t('operator.when'), t('operator.undo')]}
        >
          {data.takeovers.map((takeover) => (
            <TakeoverRow key={takeover.id} tenantId={id} takeover={takeover} />
          ))}
        </DataTable>
      )}
    </div>
  );
}

function TakeoverRow({ tenantId, takeover }: { tenantId: string; takeover: Takeover }) {
  const t = useT();
  const date = useDate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const undo = useMutation({
    mutationFn: () => call(api.POST('/api/v1/operator/takeovers/{id}/undo', { params: { path: { id: takeover.id } } })),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['operator-tenant', tenantId] });
      void queryClient.invalidateQueries({ queryKey: ['operator-tenants'] });
    },
  });
  return (
    <TableRow>
      <TableCell>{takeover.domain}</TableCell>
      <TableCell>
        {takeover.mode === 'internal'
          ? t('operator.internal')
          : t('operator.external', { from: takeover.sourceTenant.displayName, to: takeover.targetTenant.displayName })}
      </TableCell>
      <TableCell>{takeover.actor.signInName}</TableCell>
      <TableCell>{date(takeover.createdAt)}</TableCell>
      <TableCell>
        {takeover.undoneAt ? (
          t('operator.undoneAt', { date: date(takeover.undoneAt) })
        ) : (
          <>
            <Button
              size="small"
              aria-label={t('operator.undoButton', { domain: takeover.domain })}
              onClick={() => setConfirming(true)}
            >
              {t('operator.undoConfirm')}
            </Button>
            {!takeover.canUndo && <Body1> {t('operator.undoExpired', { date: date(takeover.undoableUntil) })}</Body1>}
          </>
        )}
        <Dialog open={confirming} onOpenChange={(_e, data) => setConfirming(data.open)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('operator.undoTitle', { domain: takeover.domain })}</DialogTitle>
              <DialogContent>
                {t('operator.undoText', { date: date(takeover.undoableUntil) })}
                {undo.isError && (
                  <MessageBar intent="error" layout="multiline">
                    <MessageBarBody>{problemMessage(undo.error, t)}</MessageBarBody>
                  </MessageBar>
                )}
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" disabledFocusable={undo.isPending} onClick={() => undo.mutate()}>
                  {t('operator.undoConfirm')}
                </Button>
                <Button onClick={() => setConfirming(false)}>{t('takeover.cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </TableCell>
    </TableRow>
  );
}
