// Messages of the in-app notices (the bell in the top bar). Spread into en.ts.
const notificationsEn = {
  notifications: {
    title: 'Notifications',
    button: 'Notifications',
    buttonUnread: 'Notifications, {count} unread',
    none: 'No notifications yet.',
    new: 'New',
    markAllRead: 'Mark all as read',
    summaryReady: 'Your license summary of {count} License IDs is ready.',
    summaryFailed: 'Your license summary of {count} License IDs could not be made. Ask for it again.',
  },
};

export default notificationsEn;
