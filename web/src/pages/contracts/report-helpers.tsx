// Small pieces the contracts, details, orders and license summary pages share.
import { Button, type ButtonProps } from '@fluentui/react-components';
import { useMemo, type MouseEvent, type ReactNode } from 'react';
import { useHref, useLinkClickHandler } from 'react-router';
import { useI18n, type Translate } from '../../i18n/i18n';

export const contractsPath = '/volume-licensing';
export const ordersPath = '/volume-licensing/orders';
export const licenseSummaryPath = '/volume-licensing/license-summary';
export const contractPath = (licenseIdNumber: string) =>
  `/volume-licensing/contracts/${encodeURIComponent(licenseIdNumber)}`;
export const ordersOfPath = (licenseIdNumbers: readonly string[]) =>
  `${ordersPath}?licenseIdNumbers=${licenseIdNumbers.map(encodeURIComponent).join(',')}`;
export const licenseSummaryOfAllPath = `${licenseSummaryPath}?all=1`;
export const summaryReportPath = (reportId: string) => `${licenseSummaryPath}/reports/${encodeURIComponent(reportId)}`;
export const licenseSummaryOfPath = (licenseIdNumbers: readonly string[]) =>
  `${licenseSummaryPath}?licenseIdNumbers=${licenseIdNumbers.map(encodeURIComponent).join(',')}`;

/** The most License IDs one export or summary link names (the API's comma-separated list takes 200). */
export const maxSelectedLicenseIds = 200;

/**
 * Formats `YYYY-MM-DD` dates in the user's language. They are calendar dates without a time: formatted in UTC, so the
 * browser's time zone never shifts them by a day.
 */
export function useDateFormat(): (isoDate: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return (isoDate: string) => format.format(new Date(`${isoDate}T00:00:00Z`));
  }, [locale]);
}

/** Formats whole numbers with the user's language's digit grouping. */
export function useNumberFormat(): (value: number) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const format = new Intl.NumberFormat(locale);
    return (value: number) => format.format(value);
  }, [locale]);
}

/** A button-looking link to a page of the app: navigates without a page load, yet opens in a new tab on request. */
export function RouterButton({
  to,
  children,
  appearance,
  icon,
}: {
  to: string;
  children: ReactNode;
  appearance?: ButtonProps['appearance'];
  icon?: ButtonProps['icon'];
}) {
  const href = useHref(to);
  const handleClick = useLinkClickHandler<HTMLAnchorElement>(to);
  return (
    <Button
      as="a"
      href={href}
      appearance={appearance}
      icon={icon}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => handleClick(event)}
    >
      {children}
    </Button>
  );
}

// The API types these as plain strings: an unknown value (a newer server) is shown as it is.
const known = <T extends string>(values: Record<T, unknown>, value: string): value is T => value in values;

export function poolName(pool: string, t: Translate): string {
  return known({ applications: 1, systems: 1, servers: 1 }, pool) ? t(`vlTerms.pools.${pool}`) : pool;
}

export function licenseTypeName(type: string, t: Translate): string {
  return known({ license: 1, 'license+sa': 1, sa: 1, 'sa-step-up': 1, subscription: 1 }, type)
    ? t(`vlTerms.licenseTypes.${type}`)
    : type;
}

export function cloudName(cloud: string, t: Translate): string {
  return known({ public: 1, 'gov-high': 1, defense: 1 }, cloud) ? t(`vlTerms.clouds.${cloud}`) : cloud;
}

export function contactKindName(kind: string, t: Translate): string {
  return known(
    {
      primary: 1,
      notices: 1,
      'online-administrator': 1,
      'software-assurance-manager': 1,
      'online-services-manager': 1,
      'subscriptions-manager': 1,
      'bill-to': 1,
      signatory: 1,
    },
    kind,
  )
    ? t(`vlTerms.contactKinds.${kind}`)
    : kind;
}
