// Pieces the Products and services pages share: the names of catalog terms in the user's language,
// sizes, and the answer for someone whose roles do not include what the page shows.
import {
  Body1,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, type ReactNode } from 'react';
import { useContractRow, type KeyType, type OsType } from '../../api/products';
import { PageHeader } from '../../components/page-header';
import { Loading } from '../../components/page-states';
import { RouterLink } from '../../components/router-link';
import { useI18n, useT, type Translate } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { accessCheckPath, VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { downloadsPath, productKeysPath, productsPath } from './paths';

// The API types some of these as plain strings: an unknown value (a newer server) is shown as it is.
const known = <T extends string>(values: Record<T, unknown>, value: string): value is T => value in values;

export const osName = (os: OsType, t: Translate) => t(`catalogTerms.os.${os}`);

export function architectureName(architecture: string, t: Translate): string {
  return known({ x64: 1, x86: 1, arm64: 1, neutral: 1 }, architecture)
    ? t(`catalogTerms.architectures.${architecture}`)
    : architecture;
}

export const formatName = (format: string, t: Translate) =>
  format === 'other' ? t('catalogTerms.formats.other') : format.toUpperCase();

export const keyTypeName = (type: KeyType, t: Translate) => t(`catalogTerms.keyTypes.${type}`);

/** Language tags (en-US) as names in the user's language ("English (United States)"). */
export function useLanguageName(): (tag: string) => string {
  const { locale, t } = useI18n();
  return useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'language', languageDisplay: 'standard' });
    } catch {
      // An engine without DisplayNames shows the tags themselves.
    }
    return (tag: string) => {
      if (tag === 'neutral') return t('catalogTerms.languageNeutral');
      try {
        return names?.of(tag) ?? tag;
      } catch {
        return tag;
      }
    };
  }, [locale, t]);
}

const sizeUnits = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** File sizes in decimal units with the user's number format: 4.7 GB. */
export function useSizeFormat(): (bytes: number) => string {
  const { locale } = useI18n();
  return useMemo(
    () => (bytes: number) => {
      let value = bytes;
      let unit = 0;
      while (value >= 1000 && unit < sizeUnits.length - 1) {
        value /= 1000;
        unit += 1;
      }
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: sizeUnits[unit],
        unitDisplay: 'short',
        maximumFractionDigits: unit === 0 ? 0 : 1,
      }).format(value);
    },
    [locale],
  );
}

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '72ch' },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  product: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  title: { display: 'flex', flexDirection: 'column' },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** One product of a License ID as a region: its name and version are the heading, its family is under it. */
export function ProductSection({
  product,
  children,
}: {
  product: { family: string; name: string; version: string };
  children: ReactNode;
}) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.product} aria-labelledby={headingId}>
      <div className={styles.title}>
        <Subtitle2 as="h2" id={headingId} className={styles.heading}>
          {product.name} {product.version}
        </Subtitle2>
        <Caption1 className={styles.muted}>{product.family}</Caption1>
      </div>
      {children}
    </section>
  );
}

/**
 * The API answers 404 alike for a License ID that does not exist and one whose roles do not allow this page: the
 * caller's row in the contracts list tells which, so the page can name their roles, the role they need, and the
 * other page of the License ID their roles do open.
 */
export function NotAllowed({
  licenseIdNumber,
  page,
  title,
}: {
  licenseIdNumber: string;
  page: 'downloads' | 'keys';
  title: string;
}) {
  const t = useT();
  const styles = useStyles();
  const row = useContractRow(licenseIdNumber, true);
  const licenseId = licenseIdNumber;
  const other =
    page === 'downloads'
      ? row.data?.capabilities.includes('keys.view') && (
          <RouterLink to={productKeysPath(licenseId)}>{t('products.goToKeys', { licenseId })}</RouterLink>
        )
      : row.data?.capabilities.includes('software.download') && (
          <RouterLink to={downloadsPath(licenseId)}>{t('products.goToDownloads', { licenseId })}</RouterLink>
        );
  return (
    <>
      <PageHeader title={title} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        {row.isPending ? (
          <Loading />
        ) : (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('products.notAllowedTitle')}</MessageBarTitle>
              {page === 'downloads'
                ? t('products.downloadsNotAllowed', { licenseId })
                : t('products.keysNotAllowed', { licenseId })}{' '}
              {row.data
                ? `${t('products.yourRoles', { roles: roleNames(row.data.roles, t) })} ${
                    page === 'downloads' ? t('products.downloadsNeed') : t('products.keysNeed')
                  }`
                : t('products.noRole', { licenseId })}
            </MessageBarBody>
          </MessageBar>
        )}
        <Body1>{t('products.askAdministrator')}</Body1>
        <div className={styles.links}>
          {other}
          <RouterLink to={productsPath}>{t('products.back')}</RouterLink>
          <RouterLink to={accessCheckPath}>{t('products.accessCheck')}</RouterLink>
        </div>
      </div>
    </>
  );
}
