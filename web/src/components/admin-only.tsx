import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useMe } from '../api/session';
import { useT } from '../i18n/i18n';
import { PageHeader } from './page-header';

/** Renders its page only for a global administrator of a tenant; anyone else gets a friendly explanation. */
export function GlobalAdminOnly({ title, children }: { title: string; children: (tenantId: string) => ReactNode }) {
  const t = useT();
  const account = useMe().data?.account;
  if (account?.isGlobalAdmin && account.tenant) return <>{children(account.tenant.id)}</>;
  return (
    <>
      <PageHeader title={title} />
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t('admin.onlyGlobalAdmins')}</MessageBarBody>
      </MessageBar>
    </>
  );
}
