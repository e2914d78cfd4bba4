import { Button, Hamburger, mergeClasses } from '@fluentui/react-components';
import { SignOut20Regular } from '@fluentui/react-icons';
import { useNavigate } from 'react-router';
import type { Me } from '../api/client';
import { useSignOut } from '../api/session';
import { useT } from '../i18n/i18n';
import { AccountMenu } from './account-menu';
import { LanguageSwitcher } from './language-switcher';
import { NotificationBell } from './notification-bell';
import { RouterLink } from './router-link';
import { sideNavId } from './side-nav';
import { useTopBarStyles } from './top-bar-styles';

interface TopBarProps {
  /** Absent on pages for signed-out people, which show only the product name and the language switch. */
  me?: Me;
  navOpen?: boolean;
  onToggleNav?: () => void;
}

export function TopBar({ me, navOpen, onToggleNav }: TopBarProps) {
  const t = useT();
  const styles = useTopBarStyles();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const leave = () => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) });

  return (
    <header className={styles.bar}>
      {onToggleNav && (
        <Hamburger
          className={styles.button}
          aria-label={t('topBar.toggleNav')}
          aria-expanded={navOpen}
          // Pointing at an element that is not in the page is an ARIA error, and the closed drawer unmounts.
          aria-controls={navOpen ? sideNavId : undefined}
          onClick={onToggleNav}
        />
      )}
      <RouterLink to="/" className={styles.brand}>
        {t('app.name')}
      </RouterLink>
      <div className={styles.spacer} />
      <LanguageSwitcher />
      {me && (
        <>
          <NotificationBell />
          <AccountMenu account={me.account} onSignOut={leave} />
          <Button
            appearance="subtle"
            className={mergeClasses(styles.button, styles.compactButton)}
            icon={<SignOut20Regular />}
            disabled={signOut.isPending}
            onClick={leave}
          >
            <span className={styles.compactLabel}>{t('topBar.signOut')}</span>
          </Button>
        </>
      )}
    </header>
  );
}
