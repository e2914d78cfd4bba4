// Dutch messages of the in-app notices. Spread into nl.ts; the keys follow notifications.en.ts.
import type notificationsEn from './notifications.en';

const notificationsNl: typeof notificationsEn = {
  notifications: {
    title: 'Meldingen',
    button: 'Meldingen',
    buttonUnread: 'Meldingen, {count} ongelezen',
    none: 'Nog geen meldingen.',
    new: 'Nieuw',
    markAllRead: 'Alles als gelezen markeren',
    summaryReady: 'Uw licentieoverzicht van {count} License IDs is klaar.',
    summaryFailed: 'Uw licentieoverzicht van {count} License IDs kon niet worden gemaakt. Vraag het opnieuw aan.',
  },
};

export default notificationsNl;
