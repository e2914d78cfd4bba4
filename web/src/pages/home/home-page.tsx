import { Body1, Card, CardHeader, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/page-header';
import { RouterLink } from '../../components/router-link';
import { UnmanagedTenantBanner } from '../../components/unmanaged-tenant-banner';
import { useT } from '../../i18n/i18n';

const useStyles = makeStyles({
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  cardHeading: { margin: 0 },
});

export function HomePage() {
  const t = useT();
  const styles = useStyles();
  const me = useMe().data;
  const name = me?.account.displayName ?? '';

  return (
    <>
      <PageHeader title={t('home.heading', { name })} documentTitle={t('home.title')} intro={t('home.intro')} />
      <UnmanagedTenantBanner />
      <div className={styles.cards}>
        <Card>
          <CardHeader
            header={
              <Subtitle2 as="h2" className={styles.cardHeading}>
                {t('nav.volumeLicensing')}
              </Subtitle2>
            }
          />
          <Body1>{t('home.volumeLicensingCard')}</Body1>
          <RouterLink to="/volume-licensing">{t('home.volumeLicensingLink')}</RouterLink>
        </Card>
      </div>
    </>
  );
}
