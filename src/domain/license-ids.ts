// License ID rules with no I/O.

export type LicenseIdStatus = 'active' | 'expired' | 'terminated';

/** The calendar day (UTC) of an instant, as YYYY-MM-DD: what end dates are compared with. */
export const isoDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/**
 * The status that counts on `today`: `terminated` as stored; otherwise a License ID whose end date has passed is
 * `expired` whatever the stored value says (nothing has to run at midnight for that to hold).
 */
export function effectiveLicenseIdStatus(stored: string, endDate: string, today: string): LicenseIdStatus {
  if (stored === 'terminated') return 'terminated';
  return endDate < today ? 'expired' : 'active';
}
