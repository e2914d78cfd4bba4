import {
  Body1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  tokens,
} from '@fluentui/react-components';
import { PeopleProhibited48Regular } from '@fluentui/react-icons';
import { useId, type ReactNode } from 'react';
import { useAdministeredLicenseIds, type AdministeredLicenseId } from '../../api/vl-users';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';

const useStyles = makeStyles({
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalXL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  icon: { color: tokens.colorBrandForeground1 },
  heading: { margin: 0 },
  text: { maxWidth: '60ch', color: tokens.colorNeutralForeground2 },
});

type AdministeredPageProps = {
  title: string;
  intro: string;
  /** The page itself, for a caller who administers at least one License ID. */
  children: (licenseIds: AdministeredLicenseId[]) => ReactNode;
};

/**
 * The frame of the administrators' pages: header, the area's navigation, then loading, the error, the "you administer
 * no License IDs" state, or the page.
 */
export function AdministeredPage({ title, intro, children }: AdministeredPageProps) {
  const administered = useAdministeredLicenseIds();
  let content: ReactNode;
  if (administered.data) {
    content = administered.data.items.length > 0 ? children(administered.data.items) : <NoAdministeredLicenseIds />;
  } else if (administered.isError) {
    content = <LoadError error={administered.error} onRetry={() => void administered.refetch()} />;
  } else content = <Loading />;
  return (
    <>
      <PageHeader title={title} intro={intro} />
      <VolumeLicensingNav />
      {content}
    </>
  );
}

function NoAdministeredLicenseIds() {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.empty} aria-labelledby={headingId}>
      <PeopleProhibited48Regular className={styles.icon} aria-hidden />
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('roleAssignments.noneHeading')}
      </Subtitle1>
      <Body1 className={styles.text}>{t('roleAssignments.noneText')}</Body1>
      <RouterLink to="/volume-licensing">{t('roleAssignments.noneLink')}</RouterLink>
    </section>
  );
}

/**
 * How many License IDs a list in running text or in a table cell names before "and 2 more": an administrator of
 * thousands would otherwise get a warning, or a row, thousands of lines long.
 */
export const LICENSE_IDS_SHOWN = 10;

/** SPEC §4: a warning while any administered License ID has only one administrator. */
export function SingleAdministratorBanner({ licenseIds }: { licenseIds: readonly AdministeredLicenseId[] }) {
  const t = useT();
  const formatNumber = useNumberFormat();
  const single = licenseIds.filter((licenseId) => licenseId.administratorCount <= 1);
  if (single.length === 0) return null;
  const named = single.slice(0, LICENSE_IDS_SHOWN).map((licenseId) => licenseId.licenseIdNumber);
  const more = single.length - named.length;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('roleAssignments.singleAdminTitle', { count: single.length })}</MessageBarTitle>
        {t('roleAssignments.singleAdminText', {
          licenseIds:
            named.join(', ') + (more > 0 ? ` ${t('roleAssignments.andMore', { count: formatNumber(more) })}` : ''),
        })}
      </MessageBarBody>
    </MessageBar>
  );
}
