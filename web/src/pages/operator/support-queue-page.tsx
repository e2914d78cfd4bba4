// The operator support queue (SPEC §10): every request from Help & support, the contact form and new VL profile
// requests, newest first. Filters live in the address (?state=&kind=&assigned=&q=), so Back and shared links keep them;
// without a state filter the queue shows what is still open.
import {
  Button,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { SUPPORT_STATES, useSupportQueue, type SupportState } from '../../api/support';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { SupportStateBadge, useDateTime } from '../support/support-parts';
import { OperatorNav } from './operator-nav';
import { OperatorOnly } from './operator-pages';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  dropdown: { minWidth: '12rem' },
});

const OPEN_STATES: SupportState[] = ['new', 'in-progress', 'waiting-on-customer'];
const KINDS = ['help', 'contact', 'vl-profile'] as const;
type Kind = (typeof KINDS)[number];
type StateFilter = 'open' | 'all' | SupportState;
type AssignedFilter = 'any' | 'me' | 'unassigned';

const isState = (v: string | null): v is SupportState => (SUPPORT_STATES as readonly string[]).includes(v ?? '');
const isKind = (v: string | null): v is Kind => (KINDS as readonly string[]).includes(v ?? '');

export function OperatorSupportQueuePage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorSupport.title')}>
      <Queue />
    </OperatorOnly>
  );
}

function Queue() {
  const t = useT();
  const styles = useStyles();
  const date = useDateTime();
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state: StateFilter = stateParam === 'all' ? 'all' : isState(stateParam) ? stateParam : 'open';
  const kindParam = params.get('kind');
  const kind: Kind | undefined = isKind(kindParam) ? kindParam : undefined;
  const assignedParam = params.get('assigned');
  const assigned: AssignedFilter = assignedParam === 'me' || assignedParam === 'unassigned' ? assignedParam : 'any';
  const q = params.get('q') ?? '';

  const queue = useSupportQueue({
    ...(state === 'all' ? {} : { state: state === 'open' ? OPEN_STATES : [state] }),
    ...(kind ? { kind } : {}),
    ...(assigned === 'any' ? {} : { assigned }),
    ...(q ? { q } : {}),
  });

  // The form edits a draft; Apply writes it to the address (which refetches from page 1).
  const [draft, setDraft] = useState<{ state: StateFilter; kind: Kind | 'any'; assigned: AssignedFilter; q: string }>({
    state,
    kind: kind ?? 'any',
    assigned,
    q,
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.state !== 'open') next.set('state', draft.state);
    if (draft.kind !== 'any') next.set('kind', draft.kind);
    if (draft.assigned !== 'any') next.set('assigned', draft.assigned);
    if (draft.q.trim()) next.set('q', draft.q.trim());
    setParams(next);
  };

  const stateLabel = (s: StateFilter) =>
    s === 'open'
      ? t('operatorSupport.anyState')
      : s === 'all'
        ? t('operatorSupport.allStates')
        : t(`support.operatorStates.${s}`);
  const kindLabel = (k: Kind | 'any') => (k === 'any' ? t('operatorSupport.anyKind') : t(`support.kinds.${k}`));
  const assignedLabel = (a: AssignedFilter) =>
    a === 'any' ? t('operatorSupport.anyone') : a === 'me' ? t('operatorSupport.me') : t('operatorSupport.unassigned');

  return (
    <div className={styles.body}>
      <PageHeader title={t('operatorSupport.title')} intro={t('operatorSupport.intro')} />
      <OperatorNav />
      <form className={styles.filters} onSubmit={apply} aria-label={t('operatorSupport.filters')} noValidate>
        <Field label={t('operatorSupport.stateFilter')}>
          <Dropdown
            className={styles.dropdown}
            value={stateLabel(draft.state)}
            selectedOptions={[draft.state]}
            onOptionSelect={(_e, d) => setDraft({ ...draft, state: d.optionValue as StateFilter })}
          >
            {(['open', 'all', ...SUPPORT_STATES] as StateFilter[]).map((s) => (
              <Option key={s} value={s}>
                {stateLabel(s)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('operatorSupport.kindFilter')}>
          <Dropdown
            className={styles.dropdown}
            value={kindLabel(draft.kind)}
            selectedOptions={[draft.kind]}
            onOptionSelect={(_e, d) => setDraft({ ...draft, kind: d.optionValue as Kind | 'any' })}
          >
            {(['any', ...KINDS] as const).map((k) => (
              <Option key={k} value={k}>
                {kindLabel(k)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('operatorSupport.assignedFilter')}>
          <Dropdown
            className={styles.dropdown}
            value={assignedLabel(draft.assigned)}
            selectedOptions={[draft.assigned]}
            onOptionSelect={(_e, d) => setDraft({ ...draft, assigned: d.optionValue as AssignedFilter })}
          >
            {(['any', 'me', 'unassigned'] as const).map((a) => (
              <Option key={a} value={a}>
                {assignedLabel(a)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('operatorSupport.search')} hint={t('operatorSupport.searchHint')}>
          <Input type="search" value={draft.q} onChange={(_e, d) => setDraft({ ...draft, q: d.value })} />
        </Field>
        <Button type="submit" appearance="primary">
          {t('operatorSupport.apply')}
        </Button>
      </form>
      <PagedTable
        pages={queue}
        label={t('operatorSupport.table')}
        columns={[
          t('operatorSupport.number'),
          t('operatorSupport.subject'),
          t('operatorSupport.kind'),
          t('operatorSupport.requester'),
          t('operatorSupport.state'),
          t('operatorSupport.assignedTo'),
          t('operatorSupport.updated'),
        ]}
        empty={t('operatorSupport.none')}
        row={(request) => (
          <TableRow key={request.id}>
            <TableCell>#{request.id}</TableCell>
            <TableCell>
              <RouterLink to={`/operator/support/${request.id}`}>{request.subject}</RouterLink>
            </TableCell>
            <TableCell>{t(`support.kinds.${request.kind}`)}</TableCell>
            <TableCell>
              {request.requester.name} ({request.requester.email})
            </TableCell>
            <TableCell>
              <SupportStateBadge state={request.state} audience="operator" />
            </TableCell>
            <TableCell>{request.assignedOperator?.displayName ?? t('operatorSupport.nobody')}</TableCell>
            <TableCell>{date(request.updatedAt)}</TableCell>
          </TableRow>
        )}
      />
    </div>
  );
}
