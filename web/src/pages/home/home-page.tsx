import {
  Body1,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/page-header';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';

const useStyles = makeStyles({
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  cardHeading: { margin: 0 },
  banner: { marginBlockEnd: tokens.spacingVerticalXL },
});

export function HomePage() {
  const t = useT();
  const styles = useStyles();
  const me = useMe().data;
  const name = me?.account.displayName ?? '';
  // The domain of the member's own address is the one to prove in DNS.
  const unmanagedDomain =
    me?.account.tenant?.state === 'unmanaged' ? (me.account.signInName.split('@')[1] ?? '') : null;

  return (
    <>
      <PageHeader title={t('home.heading', { name })} documentTitle={t('home.title')} intro={t('home.intro')} />
      {unmanagedDomain !== null && (
        <MessageBar intent="info" layout="multiline" className={styles.banner}>
          <MessageBarBody>
            <MessageBarTitle>{t('home.unmanagedTitle')}</MessageBarTitle>
            {t('home.unmanagedText', { domain: unmanagedDomain })}
          </MessageBarBody>
          <MessageBarActions>
            <RouterLink to={`/takeover?domain=${encodeURIComponent(unmanagedDomain)}`}>
              {t('home.unmanagedLink', { domain: unmanagedDomain })}
            </RouterLink>
          </MessageBarActions>
        </MessageBar>
      )}
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
