import {
  Avatar,
  Button,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  tokens,
} from '@fluentui/react-components';
import { SignOut20Regular } from '@fluentui/react-icons';
import { useId } from 'react';
import type { Me } from '../api/client';
import { useT } from '../i18n/i18n';
import { useTopBarStyles } from './top-bar-styles';

const useStyles = makeStyles({
  card: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    alignItems: 'center',
    minWidth: '280px',
    padding: tokens.spacingHorizontalM,
  },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  secondary: { color: tokens.colorNeutralForeground2 },
});

interface AccountMenuProps {
  account: Me['account'];
  onSignOut: () => void;
}

// A Menu rather than a Popover: Popover's trigger starts tabster's modalizer, whose focus sentinels
// (focusable yet aria-hidden) make every page fail axe's aria-hidden-focus rule.
export function AccountMenu({ account, onSignOut }: AccountMenuProps) {
  const t = useT();
  const styles = useStyles();
  const barStyles = useTopBarStyles();
  const cardId = useId();
  const organization = account.tenant
    ? `${t('topBar.organization')}: ${account.tenant.displayName}`
    : t('topBar.personalAccount');

  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={barStyles.button}
          aria-label={t('topBar.accountButton', { name: account.displayName })}
          icon={<Avatar name={account.displayName} size={28} color="colorful" aria-hidden />}
        />
      </MenuTrigger>
      <MenuPopover>
        <div id={cardId} className={styles.card}>
          <Avatar name={account.displayName} size={48} color="colorful" aria-hidden />
          <div className={styles.lines}>
            <Text weight="semibold">{account.displayName}</Text>
            <Text className={styles.secondary}>{account.signInName}</Text>
            <Text className={styles.secondary}>{organization}</Text>
          </div>
        </div>
        {/* Labelled by the account card, so a screen reader names the menu after the person signed in. */}
        <MenuList aria-labelledby={cardId}>
          <MenuItem icon={<SignOut20Regular />} onClick={onSignOut}>
            {t('topBar.signOut')}
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
