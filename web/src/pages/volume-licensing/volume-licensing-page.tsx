import {
  Badge,
  Body1,
  makeStyles,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { DocumentRibbon48Regular } from '@fluentui/react-icons';
import { useId } from 'react';
import { useContracts, type Contract } from '../../api/onboarding';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { UnmanagedTenantBanner } from '../../components/unmanaged-tenant-banner';
import { useI18n, useT } from '../../i18n/i18n';
import { roleNames } from './role-names';
import { VolumeLicensingNav } from './volume-licensing-nav';

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
  text: { maxWidth: '56ch', color: tokens.colorNeutralForeground2 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  scroll: { overflowX: 'auto' },
  licenseId: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  atRisk: { marginInlineStart: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function VolumeLicensingPage() {
  const t = useT();
  const contracts = useContracts();
  let content;
  if (contracts.data) {
    content =
      contracts.data.items.length > 0 ? <ContractsTable contracts={contracts.data.items} /> : <EmptyAgreements />;
  } else if (contracts.isError) {
    content = <LoadError error={contracts.error} onRetry={() => void contracts.refetch()} />;
  } else content = <Loading />;
  return (
    <>
      <PageHeader title={t('volumeLicensing.title')} intro={t('volumeLicensing.intro')} />
      <VolumeLicensingNav />
      <UnmanagedTenantBanner />
      {content}
    </>
  );
}

function EmptyAgreements() {
  const t = useT();
  const styles = useStyles();
  const emptyHeadingId = useId();
  return (
    <section className={styles.empty} aria-labelledby={emptyHeadingId}>
      <DocumentRibbon48Regular className={styles.icon} aria-hidden />
      <Subtitle1 as="h2" id={emptyHeadingId} className={styles.heading}>
        {t('volumeLicensing.emptyHeading')}
      </Subtitle1>
      <Body1 className={styles.text}>{t('volumeLicensing.emptyText')}</Body1>
    </section>
  );
}

function ContractsTable({ contracts }: { contracts: Contract[] }) {
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  const headingId = useId();
  const captionId = useId();
  // Dates without a time: format them as calendar dates, never shifted by the browser's time zone.
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('contracts.heading')}
      </Subtitle1>
      <Body1 id={captionId} className={styles.muted}>
        {t('contracts.caption')}
      </Body1>
      <div className={styles.scroll}>
        <Table aria-labelledby={headingId} aria-describedby={captionId}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('contracts.licenseId')}</TableHeaderCell>
              <TableHeaderCell>{t('contracts.organization')}</TableHeaderCell>
              <TableHeaderCell>{t('contracts.program')}</TableHeaderCell>
              <TableHeaderCell>{t('contracts.endDate')}</TableHeaderCell>
              <TableHeaderCell>{t('contracts.status')}</TableHeaderCell>
              <TableHeaderCell>{t('contracts.roles')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {contracts.map((contract) => (
              <TableRow key={contract.licenseIdNumber}>
                <TableCell>
                  <span className={styles.licenseId}>{contract.licenseIdNumber}</span>
                  {contract.accessAtRisk && (
                    <Badge
                      className={styles.atRisk}
                      appearance="filled"
                      color="danger"
                      title={t('contracts.accessAtRiskHint')}
                    >
                      {t('contracts.accessAtRisk')}
                    </Badge>
                  )}
                  {/* SPEC §4: only an administrator can add another one, so only they see the warning. */}
                  {contract.roles.includes('administrator') && contract.administratorCount <= 1 && (
                    <Badge
                      className={styles.atRisk}
                      appearance="tint"
                      color="warning"
                      title={t('vlArea.singleAdministratorHint')}
                    >
                      {t('vlArea.singleAdministrator')}
                    </Badge>
                  )}
                </TableCell>
                <TableCell>
                  {contract.organizationName}
                  {contract.location && <div className={styles.muted}>{contract.location}</div>}
                </TableCell>
                <TableCell>{contract.programName}</TableCell>
                <TableCell>{dateFormat.format(new Date(`${contract.endDate}T00:00:00Z`))}</TableCell>
                <TableCell>{t(`contracts.${contract.status}`)}</TableCell>
                <TableCell>{roleNames(contract.roles, t)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
