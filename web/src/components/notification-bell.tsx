// The bell in the top bar: in-app notices of work that finished in the background (a large license summary). The
// button says how many are unread; choosing a notice marks it read and opens what it is about.
import {
  Button,
  CounterBadge,
  makeStyles,
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Alert20Regular } from '@fluentui/react-icons';
import { useNavigate } from 'react-router';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  type Notice,
} from '../api/notifications';
import { useI18n, type Translate } from '../i18n/i18n';
import { useTopBarStyles } from './top-bar-styles';

const useStyles = makeStyles({
  // The count sits on the bell's corner: inside the icon slot, so the button stays icon-sized. (As the button's
  // content it made the button as wide as a labelled one, and the badge lost its anchor and drew at the bar's corner.)
  icon: { position: 'relative', display: 'inline-flex' },
  badge: { position: 'absolute', insetBlockStart: '-6px', insetInlineEnd: '-8px', pointerEvents: 'none' },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, maxWidth: '320px' },
  unread: { fontWeight: tokens.fontWeightSemibold },
  when: { color: tokens.colorNeutralForeground2 },
  empty: { padding: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground2 },
});

function noticeText(notice: Notice, t: Translate, locale: string): string {
  const count = new Intl.NumberFormat(locale).format(Number(notice.params.licenseIdCount ?? 0));
  switch (notice.kind) {
    case 'license-summary.ready':
      return t('notifications.summaryReady', { count });
    case 'license-summary.failed':
      return t('notifications.summaryFailed', { count });
  }
}

// A Menu rather than a Popover, like the account menu: Popover's focus sentinels fail axe's aria-hidden-focus rule.
export function NotificationBell() {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const barStyles = useTopBarStyles();
  const navigate = useNavigate();
  const notices = useNotifications(true);
  const markRead = useMarkNotificationRead();
  const markAllRead = useMarkAllNotificationsRead();
  const unread = notices.data?.unreadCount ?? 0;
  const items = notices.data?.items ?? [];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  const open = (notice: Notice) => {
    if (!notice.read) markRead.mutate(notice.id);
    void navigate(notice.link);
  };

  return (
    <Menu positioning="below-end">
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          className={barStyles.button}
          aria-label={
            unread > 0 ? t('notifications.buttonUnread', { count: String(unread) }) : t('notifications.button')
          }
          icon={
            <span className={styles.icon}>
              <Alert20Regular />
              {unread > 0 && (
                <CounterBadge className={styles.badge} count={unread} size="small" color="danger" aria-hidden />
              )}
            </span>
          }
        />
      </MenuTrigger>
      <MenuPopover>
        {items.length === 0 ? (
          <Text as="p" className={styles.empty}>
            {t('notifications.none')}
          </Text>
        ) : (
          <MenuList aria-label={t('notifications.title')}>
            {items.map((notice) => (
              <MenuItem key={notice.id} onClick={() => open(notice)}>
                <span className={styles.item}>
                  <span className={notice.read ? undefined : styles.unread}>
                    {notice.read
                      ? noticeText(notice, t, locale)
                      : `${t('notifications.new')}: ${noticeText(notice, t, locale)}`}
                  </span>
                  <span className={styles.when}>{dateFormat.format(new Date(notice.createdAt))}</span>
                </span>
              </MenuItem>
            ))}
            {unread > 0 && (
              <>
                <MenuDivider />
                <MenuItem onClick={() => markAllRead.mutate()}>{t('notifications.markAllRead')}</MenuItem>
              </>
            )}
          </MenuList>
        )}
      </MenuPopover>
    </Menu>
  );
}
