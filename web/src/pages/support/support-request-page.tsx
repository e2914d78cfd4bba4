// One of the person's own support requests: its state, the thread, and a reply box. A reply to a request that waits
// on them, or that was resolved, sends it back to support (the server moves it to in-progress).
import {
  Body1,
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMySupportRequest, useReplyToSupportRequest, type SupportRequest } from '../../api/support';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { SupportStateBadge, SupportThread, useCategoryLabel, useDateTime } from './support-parts';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '56rem' },
  facts: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export function SupportRequestPage() {
  const t = useT();
  const id = Number(useParams().id);
  const request = useMySupportRequest(id);
  if (request.data) return <RequestView request={request.data} />;
  return (
    <>
      <PageHeader title={t('support.title')} />
      {request.isError ? <LoadError error={request.error} onRetry={() => void request.refetch()} /> : <Loading />}
      <RouterLink to="/support">{t('support.backToList')}</RouterLink>
    </>
  );
}

function RequestView({ request }: { request: SupportRequest }) {
  const t = useT();
  const styles = useStyles();
  const date = useDateTime();
  const categoryLabel = useCategoryLabel();
  return (
    <div className={styles.body}>
      <PageHeader title={t('support.requestTitle', { id: request.id, subject: request.subject })} />
      <RouterLink to="/support">{t('support.backToList')}</RouterLink>
      <div className={styles.facts}>
        <SupportStateBadge state={request.state} audience="customer" />
        <Body1>{categoryLabel(request.category)}</Body1>
        <Body1>{t('support.opened', { date: date(request.createdAt) })}</Body1>
        {request.licenseIdNumbers.length > 0 && (
          <Body1>{t('support.licenseIds', { list: request.licenseIdNumbers.join(', ') })}</Body1>
        )}
      </div>
      {request.state === 'waiting-on-customer' && (
        <MessageBar intent="warning">
          <MessageBarBody>{t('support.waitingOnYou')}</MessageBarBody>
        </MessageBar>
      )}
      {request.state === 'resolved' && (
        <MessageBar intent="success">
          <MessageBarBody>{t('support.resolvedNote')}</MessageBarBody>
        </MessageBar>
      )}
      <section aria-labelledby="thread-heading" className={styles.form}>
        <Subtitle1 as="h2" id="thread-heading" className={styles.heading}>
          {t('support.thread')}
        </Subtitle1>
        <SupportThread messages={request.messages} audience="customer" />
      </section>
      <ReplyForm id={request.id} />
    </div>
  );
}

function ReplyForm({ id }: { id: number }) {
  const t = useT();
  const styles = useStyles();
  const reply = useReplyToSupportRequest(id);
  const [body, setBody] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (body.trim() === '' || reply.isPending) return;
    reply.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        setSubmitted(false);
      },
    });
  };
  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field
        label={t('support.replyLabel')}
        hint={t('support.replyHint')}
        validationMessage={submitted && body.trim() === '' ? t('support.required') : fieldError(reply.error, 'body', t)}
      >
        <Textarea value={body} rows={5} maxLength={10000} resize="vertical" onChange={(_e, d) => setBody(d.value)} />
      </Field>
      {reply.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(reply.error, t)}</MessageBarBody>
        </MessageBar>
      )}
      <div role="status">
        {reply.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>{t('support.replySent')}</MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabledFocusable={reply.isPending}>
          {t('support.sendReply')}
        </Button>
      </div>
    </form>
  );
}
