import {
  Body1,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { meQueryKey, useMe } from '../../api/session';
import { CopyValue } from '../../components/copy-value';
import { problemCode } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT, type MessageKey } from '../../i18n/i18n';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  heading: { margin: 0 },
  steps: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** A DNS answer that was not the record gets its own explanation; the server's detail follows it. */
const dnsErrorTitles: Record<string, MessageKey> = {
  'domain.txt_record_missing': 'takeover.errorMissing',
  'domain.txt_record_mismatch': 'takeover.errorMismatch',
  'domain.dns_unavailable': 'takeover.errorDnsUnavailable',
};

export function TakeoverPage() {
  const t = useT();
  const styles = useStyles();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const domain = (searchParams.get('domain') ?? '').trim().toLowerCase();
  const [step, setStep] = useState<1 | 2>(1);

  // A member of the unmanaged directory takes it over in place; a global administrator elsewhere takes the domain in.
  const mode = me?.account.tenant?.state === 'unmanaged' ? 'internal' : 'external';
  const allowed = me?.account.tenant?.state === 'unmanaged' || me?.account.isGlobalAdmin === true;

  const challenge = useMutation({
    mutationFn: () => call(api.POST('/api/v1/takeover/challenge', { body: { domain, mode } })),
    onSuccess: () => setStep(2),
  });
  const takeOver = useMutation({
    mutationFn: () => call(api.POST('/api/v1/takeover', { body: { domain, mode } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });

  const title = t('takeover.title', { domain: domain || '…' });

  if (!domain || !allowed) {
    return (
      <div className={styles.body}>
        <PageHeader title={t('takeover.titleNoDomain')} />
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{!domain ? t('takeover.noDomain') : t('takeover.notAllowed')}</MessageBarBody>
        </MessageBar>
        <RouterLink to="/">{t('notFound.homeLink')}</RouterLink>
      </div>
    );
  }

  if (takeOver.isSuccess) {
    const result = takeOver.data;
    return (
      <div className={styles.body}>
        <PageHeader title={title} />
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('takeover.successTitle')}</MessageBarTitle>
            {result.mode === 'internal'
              ? t('takeover.successInternal', { tenant: result.tenant.displayName, domain: result.domain })
              : t('takeover.successExternal', {
                  tenant: result.tenant.displayName,
                  domain: result.domain,
                  count: result.movedAccountCount,
                })}
          </MessageBarBody>
        </MessageBar>
        <div className={styles.actions}>
          <RouterLink to="/users">{t('takeover.goUsers')}</RouterLink>
          <RouterLink to="/domains">{t('takeover.goDomains')}</RouterLink>
        </div>
      </div>
    );
  }

  const dnsTitle = dnsErrorTitles[problemCode(takeOver.error) ?? ''];

  return (
    <div className={styles.body}>
      <PageHeader title={title} intro={t('takeover.stepOf', { step, total: 2 })} />
      {step === 1 && (
        <section className={styles.body} aria-labelledby="takeover-step-1">
          <Subtitle1 as="h2" id="takeover-step-1" className={styles.heading}>
            {t('takeover.step1Heading')}
          </Subtitle1>
          <Body1>
            {mode === 'internal'
              ? t('takeover.explainInternal', { domain })
              : t('takeover.explainExternal', { domain })}
          </Body1>
          <ol className={styles.steps}>
            <li>
              <Body1>{t('takeover.explainStep1')}</Body1>
            </li>
            <li>
              <Body1>{t('takeover.explainStep2')}</Body1>
            </li>
            <li>
              <Body1>{t('takeover.explainStep3')}</Body1>
            </li>
          </ol>
          {challenge.isError && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{problemMessage(challenge.error, t, { domain })}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" disabledFocusable={challenge.isPending} onClick={() => challenge.mutate()}>
              {t('takeover.next')}
            </Button>
            <RouterLink to="/">{t('takeover.cancel')}</RouterLink>
          </div>
        </section>
      )}
      {step === 2 && challenge.data && (
        <section className={styles.body} aria-labelledby="takeover-step-2">
          <Subtitle1 as="h2" id="takeover-step-2" className={styles.heading}>
            {t('takeover.step2Heading')}
          </Subtitle1>
          <Body1>
            {t('takeover.publishText', { domain: challenge.data.domain, tenant: challenge.data.tenant.displayName })}
          </Body1>
          <CopyValue label={t('takeover.recordName')} value={challenge.data.txtRecord.name} />
          <Text className={styles.muted}>{t('takeover.recordType')}</Text>
          <CopyValue label={t('takeover.recordValue')} value={challenge.data.txtRecord.value} />
          <Body1 className={styles.muted}>{t('takeover.propagation')}</Body1>
          {takeOver.isError && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                {dnsTitle && <MessageBarTitle>{t(dnsTitle)}</MessageBarTitle>}
                {problemMessage(takeOver.error, t, { domain })}
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" disabledFocusable={takeOver.isPending} onClick={() => takeOver.mutate()}>
              {takeOver.isPending ? t('takeover.checking') : t('takeover.added')}
            </Button>
            <Button onClick={() => setStep(1)}>{t('takeover.back')}</Button>
          </div>
        </section>
      )}
    </div>
  );
}
