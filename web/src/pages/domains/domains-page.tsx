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
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { GlobalAdminOnly } from '../../components/admin-only';
import { CopyValue } from '../../components/copy-value';
import { fieldError, problemCode } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT, type MessageKey } from '../../i18n/i18n';

type Domain = components['schemas']['Domain'];

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '860px' },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  itemHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  name: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const dnsErrorTitles: Record<string, MessageKey> = {
  'domain.txt_record_missing': 'takeover.errorMissing',
  'domain.txt_record_mismatch': 'takeover.errorMismatch',
  'domain.dns_unavailable': 'takeover.errorDnsUnavailable',
};

export function DomainsPage() {
  const t = useT();
  return <GlobalAdminOnly title={t('domains.title')}>{(tenantId) => <Domains tenantId={tenantId} />}</GlobalAdminOnly>;
}

function Domains({ tenantId }: { tenantId: string }) {
  const t = useT();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const queryKey = ['domains', tenantId];
  const domains = useQuery({
    queryKey,
    queryFn: () => call(api.GET('/api/v1/tenants/{tenantId}/domains', { params: { path: { tenantId } } })),
  });
  const [name, setName] = useState('');
  const add = useMutation({
    mutationFn: (domain: string) =>
      call(api.POST('/api/v1/tenants/{tenantId}/domains', { params: { path: { tenantId } }, body: { name: domain } })),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey });
    },
  });
  const onAdd = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending || name.trim() === '') return;
    add.mutate(name.trim().toLowerCase());
  };
  const nameError = fieldError(add.error, 'name', t);

  return (
    <div className={styles.body}>
      <PageHeader title={t('domains.title')} intro={t('domains.intro')} />
      <form className={styles.form} onSubmit={onAdd} noValidate>
        <Field
          label={t('domains.addLabel')}
          validationState={nameError ? 'error' : 'none'}
          validationMessage={nameError}
        >
          <Input value={name} placeholder="contoso.com" onChange={(_e, data) => setName(data.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabledFocusable={add.isPending}>
          {t('domains.add')}
        </Button>
      </form>
      {add.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(add.error, t, { domain: add.variables ?? '' })}</MessageBarBody>
        </MessageBar>
      )}
      {domains.isPending && <Loading />}
      {domains.isError && <LoadError error={domains.error} onRetry={() => void domains.refetch()} />}
      {domains.data && (
        <ul className={styles.list} aria-label={t('domains.listLabel')}>
          <li className={styles.item}>
            <div className={styles.itemHead}>
              <Subtitle2 as="h2" className={styles.name}>
                {domains.data.initialDomain}
              </Subtitle2>
              <Badge appearance="tint" color="success">
                {t('domains.verified')}
              </Badge>
              <Badge appearance="outline">{t('domains.initial')}</Badge>
            </div>
          </li>
          {domains.data.items.map((domain) => (
            <DomainItem key={domain.name} tenantId={tenantId} domain={domain} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DomainItem({ tenantId, domain }: { tenantId: string; domain: Domain }) {
  const t = useT();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const queryKey = ['domains', tenantId];
  const [confirming, setConfirming] = useState(false);
  const path = { tenantId, domain: domain.name };
  const verify = useMutation({
    mutationFn: () => call(api.POST('/api/v1/tenants/{tenantId}/domains/{domain}/verify', { params: { path } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey }),
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/tenants/{tenantId}/domains/{domain}', { params: { path } })),
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey });
    },
  });
  const dnsTitle = dnsErrorTitles[problemCode(verify.error) ?? ''];

  return (
    <li className={styles.item}>
      <div className={styles.itemHead}>
        <Subtitle2 as="h2" className={styles.name}>
          {domain.name}
        </Subtitle2>
        <Badge appearance="tint" color={domain.state === 'verified' ? 'success' : 'warning'}>
          {domain.state === 'verified' ? t('domains.verified') : t('domains.unverified')}
        </Badge>
      </div>
      {domain.txtRecord && !domain.takeoverRequired && (
        <>
          <Body1>{t('domains.publish')}</Body1>
          <CopyValue label={t('takeover.recordName')} value={domain.txtRecord.name} />
          <CopyValue label={t('takeover.recordValue')} value={domain.txtRecord.value} />
        </>
      )}
      {domain.takeoverRequired && (
        <Body1>
          {t('domains.takeoverRequired')}{' '}
          <RouterLink to={`/takeover?domain=${encodeURIComponent(domain.name)}`} inline>
            {t('takeover.title', { domain: domain.name })}
          </RouterLink>
        </Body1>
      )}
      {verify.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {dnsTitle && <MessageBarTitle>{t(dnsTitle)}</MessageBarTitle>}
            {problemMessage(verify.error, t, { domain: domain.name })}
          </MessageBarBody>
        </MessageBar>
      )}
      {remove.isError && !confirming && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(remove.error, t, { domain: domain.name })}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        {domain.state === 'unverified' && !domain.takeoverRequired && (
          <Button appearance="primary" disabledFocusable={verify.isPending} onClick={() => verify.mutate()}>
            {verify.isPending ? t('takeover.checking') : t('domains.verify', { domain: domain.name })}
          </Button>
        )}
        <Button onClick={() => setConfirming(true)}>{t('domains.remove', { domain: domain.name })}</Button>
      </div>
      <Dialog open={confirming} onOpenChange={(_e, data) => setConfirming(data.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('domains.removeTitle', { domain: domain.name })}</DialogTitle>
            <DialogContent>
              {t('domains.removeText', { domain: domain.name })}
              {remove.isError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problemMessage(remove.error, t, { domain: domain.name })}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" disabledFocusable={remove.isPending} onClick={() => remove.mutate()}>
                {t('domains.removeConfirm')}
              </Button>
              <Button onClick={() => setConfirming(false)}>{t('takeover.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </li>
  );
}
