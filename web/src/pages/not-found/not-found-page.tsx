import { Body1, makeStyles, tokens } from '@fluentui/react-components';
import { PageHeader } from '../../components/page-header';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalM },
});

export function NotFoundPage() {
  const t = useT();
  const styles = useStyles();
  return (
    <div className={styles.body}>
      <PageHeader title={t('notFound.title')} />
      <Body1>{t('notFound.text')}</Body1>
      <RouterLink to="/">{t('notFound.homeLink')}</RouterLink>
    </div>
  );
}
