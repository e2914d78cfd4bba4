import {
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useMe } from '../api/session';
import { useT } from '../i18n/i18n';
import { RouterLink } from './router-link';

const useStyles = makeStyles({ banner: { marginBlockEnd: tokens.spacingVerticalXL } });

/**
 * A member of an unmanaged directory cannot register for volume licensing until someone proves the domain: say so
 * wherever such a member lands (Home, Volume licensing) and lead to the takeover wizard.
 */
export function UnmanagedTenantBanner() {
  const t = useT();
  const styles = useStyles();
  const me = useMe().data;
  if (me?.account.tenant?.state !== 'unmanaged') return null;
  // The domain of the member's own address is the one to prove in DNS.
  const domain = me.account.signInName.split('@')[1] ?? '';
  return (
    <MessageBar intent="info" layout="multiline" className={styles.banner}>
      <MessageBarBody>
        <MessageBarTitle>{t('home.unmanagedTitle')}</MessageBarTitle>
        {t('home.unmanagedText', { domain })}
      </MessageBarBody>
      <MessageBarActions>
        <RouterLink to={`/takeover?domain=${encodeURIComponent(domain)}`}>
          {t('home.unmanagedLink', { domain })}
        </RouterLink>
      </MessageBarActions>
    </MessageBar>
  );
}
