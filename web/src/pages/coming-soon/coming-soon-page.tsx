import { Body1 } from '@fluentui/react-components';
import { PageHeader } from '../../components/page-header';
import { useT, type MessageKey } from '../../i18n/i18n';

/** Holds a navigation destination whose feature lands in a later issue, so the link is never a dead end. */
export function ComingSoonPage({ title }: { title: MessageKey }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(title)} />
      <Body1>{t('comingSoon.text')}</Body1>
    </>
  );
}
