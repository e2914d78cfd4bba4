// One request in the operator support queue (SPEC §10): who asked (and their access check findings, so the operator
// sees at once why someone cannot see their agreements), the thread, assign to me, reply (e-mailed to the requester
// in their language; sets waiting-on-customer unless chosen otherwise) and state changes along the allowed
// transitions. A new VL profile request also shows its own panel (approve / reject).
import {
  Body1,
  Button,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMe } from '../../api/session';
import {
  SUPPORT_TRANSITIONS,
  useAssignSupportRequest,
  useChangeSupportState,
  useOperatorReply,
  useOperatorSupportRequest,
  type OperatorSupportRequest,
  type SupportState,
} from '../../api/support';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { FindingCard } from '../access-check/access-check-page';
import { SupportStateBadge, SupportThread, useCategoryLabel, useDateTime } from '../support/support-parts';
import { OperatorNav } from './operator-nav';
import { OperatorOnly } from './operator-pages';
import { VlProfileRequestPanel } from './vl-profile-request-panel';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '64rem' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  inline: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  dropdown: { minWidth: '14rem' },
});

export function OperatorSupportRequestPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorSupport.title')}>
      <RequestLoader />
    </OperatorOnly>
  );
}

function RequestLoader() {
  const t = useT();
  const id = Number(useParams().id);
  const request = useOperatorSupportRequest(id);
  if (request.data) return <RequestView request={request.data} />;
  return (
    <>
      <PageHeader title={t('operatorSupport.title')} />
      <OperatorNav />
      {request.isError ? <LoadError error={request.error} onRetry={() => void request.refetch()} /> : <Loading />}
    </>
  );
}

function RequestView({ request }: { request: OperatorSupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const date = useDateTime();
  const categoryLabel = useCategoryLabel();
  return (
    <div className={styles.body}>
      <PageHeader title={t('operatorSupport.requestTitle', { id: request.id, subject: request.subject })} />
      <OperatorNav />
      <RouterLink to="/operator/support">{t('operatorSupport.backToQueue')}</RouterLink>
      <div className={styles.row}>
        <SupportStateBadge state={request.state} audience="operator" />
        <Body1>{t(`support.kinds.${request.kind}`)}</Body1>
        <Body1>{categoryLabel(request.category)}</Body1>
        <Body1>{t('support.opened', { date: date(request.createdAt) })}</Body1>
        {request.licenseIdNumbers.length > 0 && (
          <Body1>{t('support.licenseIds', { list: request.licenseIdNumbers.join(', ') })}</Body1>
        )}
      </div>
      <Assignment request={request} />
      <RequesterPanel request={request} />
      {request.kind === 'vl-profile' && (
        <section aria-labelledby="vl-profile-heading" className={styles.section}>
          <Subtitle1 as="h2" id="vl-profile-heading" className={styles.heading}>
            {t('operatorSupport.vlProfileHeading')}
          </Subtitle1>
          <VlProfileRequestPanel supportRequestId={request.id} />
        </section>
      )}
      <section aria-labelledby="thread-heading" className={styles.section}>
        <Subtitle1 as="h2" id="thread-heading" className={styles.heading}>
          {t('operatorSupport.thread')}
        </Subtitle1>
        <SupportThread messages={request.messages} audience="operator" />
      </section>
      <ReplyForm request={request} />
      <StateForm request={request} />
    </div>
  );
}

function Assignment({ request }: { request: OperatorSupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const me = useMe().data?.account.id;
  const assign = useAssignSupportRequest(request.id);
  const assignee = request.assignedOperator;
  const mine = assignee?.id === me;
  return (
    <div className={styles.row}>
      <Body1>
        {mine
          ? t('operatorSupport.assignedToMe')
          : assignee
            ? t('operatorSupport.assignedToOther', { name: assignee.displayName })
            : t('operatorSupport.notAssigned')}
      </Body1>
      {!mine && (
        <Button onClick={() => assign.mutate(undefined)} disabledFocusable={assign.isPending}>
          {t('operatorSupport.assignToMe')}
        </Button>
      )}
      {assign.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{problemMessage(assign.error, t)}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** Who asked, and what the access check finds for them: their account, or accounts using the proved address. */
function RequesterPanel({ request }: { request: OperatorSupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const { requester } = request;
  return (
    <section aria-labelledby="requester-heading" className={styles.section}>
      <Subtitle1 as="h2" id="requester-heading" className={styles.heading}>
        {t('operatorSupport.requesterHeading')}
      </Subtitle1>
      <Body1>
        {requester.accountId
          ? t('operatorSupport.withAccount', { name: requester.name, email: requester.email, cloud: requester.cloud })
          : `${requester.name} · ${t('operatorSupport.noAccount', { email: requester.email })}`}
      </Body1>
      <section aria-labelledby="access-check-heading" className={styles.section}>
        <Subtitle2 as="h3" id="access-check-heading" className={styles.heading}>
          {t('operatorSupport.accessCheckHeading')}
        </Subtitle2>
        {request.accessChecks.length === 0 && (
          <Body1>{t('operatorSupport.accessCheckNone', { email: requester.email, cloud: requester.cloud })}</Body1>
        )}
        {request.accessChecks.map((check) => (
          <div key={`${check.signInName}-${check.kind}`} className={styles.section}>
            <Body1>
              {t('operatorSupport.accessCheckFor', {
                name: check.signInName,
                kind: t(check.kind === 'work' ? 'accessCheck.kindWork' : 'accessCheck.kindPersonal'),
                count: check.visibleLicenseIdCount,
              })}
            </Body1>
            {check.findings.length === 0 ? (
              <MessageBar intent="success">
                <MessageBarBody>{t('operatorSupport.accessCheckClear', { name: check.signInName })}</MessageBarBody>
              </MessageBar>
            ) : (
              <ol className={styles.list} aria-label={t('operatorSupport.accessCheckHeading')}>
                {check.findings.map((finding, i) => (
                  <li key={`${finding.code}-${i}`}>
                    <FindingCard finding={finding} showLink={false} />
                  </li>
                ))}
              </ol>
            )}
          </div>
        ))}
      </section>
    </section>
  );
}

type ReplyState = Exclude<SupportState, 'new'>;
const REPLY_STATES: ReplyState[] = ['waiting-on-customer', 'in-progress', 'resolved'];

function ReplyForm({ request }: { request: OperatorSupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const reply = useOperatorReply(request.id);
  const [body, setBody] = useState('');
  const [state, setState] = useState<ReplyState>('waiting-on-customer');
  const [submitted, setSubmitted] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (body.trim() === '' || reply.isPending) return;
    reply.mutate(
      { body: body.trim(), state },
      {
        onSuccess: () => {
          setBody('');
          setSubmitted(false);
          setState('waiting-on-customer');
        },
      },
    );
  };
  return (
    <section aria-labelledby="reply-heading" className={styles.section}>
      <Subtitle1 as="h2" id="reply-heading" className={styles.heading}>
        {t('operatorSupport.replyLabel')}
      </Subtitle1>
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field
          label={t('operatorSupport.replyLabel')}
          hint={t('operatorSupport.replyHint')}
          validationMessage={
            submitted && body.trim() === '' ? t('support.required') : fieldError(reply.error, 'body', t)
          }
        >
          <Textarea value={body} rows={5} maxLength={10000} resize="vertical" onChange={(_e, d) => setBody(d.value)} />
        </Field>
        <div className={styles.inline}>
          <Field label={t('operatorSupport.replyStateLabel')}>
            <Dropdown
              className={styles.dropdown}
              value={t(`support.operatorStates.${state}`)}
              selectedOptions={[state]}
              onOptionSelect={(_e, d) => setState(d.optionValue as ReplyState)}
            >
              {REPLY_STATES.map((s) => (
                <Option key={s} value={s}>
                  {t(`support.operatorStates.${s}`)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Button type="submit" appearance="primary" disabledFocusable={reply.isPending}>
            {t('operatorSupport.sendReply')}
          </Button>
        </div>
        {reply.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(reply.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <div role="status">
          {reply.isSuccess && (
            <MessageBar intent="success">
              <MessageBarBody>{t('operatorSupport.replySent')}</MessageBarBody>
            </MessageBar>
          )}
        </div>
      </form>
    </section>
  );
}

function StateForm({ request }: { request: OperatorSupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const change = useChangeSupportState(request.id);
  const allowed = SUPPORT_TRANSITIONS[request.state];
  const [target, setTarget] = useState<SupportState | null>(null);
  const chosen = target !== null && allowed.includes(target) ? target : (allowed[0] ?? null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen === null || change.isPending) return;
    change.mutate(chosen, { onSuccess: () => setTarget(null) });
  };
  return (
    <form className={styles.inline} onSubmit={submit} noValidate>
      <Field label={t('operatorSupport.stateLabel')}>
        <Dropdown
          className={styles.dropdown}
          value={chosen ? t(`support.operatorStates.${chosen}`) : ''}
          selectedOptions={chosen ? [chosen] : []}
          onOptionSelect={(_e, d) => setTarget(d.optionValue as SupportState)}
        >
          {allowed.map((s) => (
            <Option key={s} value={s}>
              {t(`support.operatorStates.${s}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button type="submit" disabledFocusable={change.isPending || chosen === null}>
        {t('operatorSupport.changeState')}
      </Button>
      <div role="status">
        {change.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>
              {t('operatorSupport.stateChanged', { state: t(`support.operatorStates.${change.data.state}`) })}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {change.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(change.error, t)}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
