// "Why can't I see volume licensing?" (SPEC §10): the server evaluates every cause in a fixed order; this page shows
// each finding with its remedy (translated by its code) and a link to the page that fixes it.
import {
  Badge,
  Body1,
  Button,
  Card,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useId } from 'react';
import { useAccessCheck, type AccessCheck, type AccessFinding } from '../../api/access-check';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '56rem' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  remedyLabel: { fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM },
});

export function AccessCheckPage() {
  const t = useT();
  const check = useAccessCheck();
  let content;
  if (check.data)
    content = <Findings check={check.data} onRecheck={() => void check.refetch()} busy={check.isFetching} />;
  else if (check.isError) content = <LoadError error={check.error} onRetry={() => void check.refetch()} />;
  else content = <Loading />;
  return (
    <>
      <PageHeader title={t('accessCheck.title')} intro={t('accessCheck.intro')} />
      <VolumeLicensingNav />
      {content}
    </>
  );
}

function Findings({ check, onRecheck, busy }: { check: AccessCheck; onRecheck: () => void; busy: boolean }) {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  return (
    <div className={styles.body}>
      <Body1>
        {t('accessCheck.signedInAs', {
          name: check.signInName,
          kind: t(check.kind === 'work' ? 'accessCheck.kindWork' : 'accessCheck.kindPersonal'),
          cloud: check.cloud,
        })}{' '}
        {t('accessCheck.visible', { count: check.visibleLicenseIdCount })}
      </Body1>
      {check.findings.length === 0 ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('accessCheck.allClear')}</MessageBarTitle>
            {t('accessCheck.allClearText')}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <section aria-labelledby={headingId}>
          <Subtitle1 as="h2" id={headingId}>
            {t('accessCheck.findingsHeading')}
          </Subtitle1>
          <ol className={styles.list}>
            {check.findings.map((finding, i) => (
              <li key={`${finding.code}-${i}`}>
                <FindingCard finding={finding} />
              </li>
            ))}
          </ol>
        </section>
      )}
      <div className={styles.actions}>
        <Button onClick={onRecheck} disabled={busy}>
          {t('accessCheck.recheck')}
        </Button>
      </div>
      <Body1>
        {t('contactSupport.accessCheckLink')}{' '}
        <RouterLink to="/support/new" inline>
          {t('contactSupport.helpLink')}
        </RouterLink>
        {' · '}
        <RouterLink to="/contact-support" inline>
          {t('contactSupport.contactLink')}
        </RouterLink>
      </Body1>
    </div>
  );
}

/** One finding with its remedy; the operator's support page shows them too, without the customer's fix-it link. */
export function FindingCard({ finding, showLink = true }: { finding: AccessFinding; showLink?: boolean }) {
  const t = useT();
  const styles = useStyles();
  const licenseIds = finding.licenseIdNumbers.join(', ');
  const external = finding.link !== null && /^https?:/.test(finding.link);
  return (
    <Card className={styles.card}>
      <Subtitle2 as="h3" className={styles.heading}>
        {t(`accessCheck.codes.${finding.code}`, { ...finding.params, licenseIds })}
        <Badge appearance="tint" color={finding.blocking ? 'danger' : 'informative'}>
          {t(finding.blocking ? 'accessCheck.blocking' : 'accessCheck.note')}
        </Badge>
      </Subtitle2>
      <Body1>
        <span className={styles.remedyLabel}>{t('accessCheck.remedy')}: </span>
        {t(`accessCheck.remedies.${finding.code}`)}
      </Body1>
      {showLink &&
        finding.link !== null &&
        (external ? (
          <Link href={finding.link}>{t('accessCheck.open')}</Link>
        ) : (
          <RouterLink to={finding.link}>{t('accessCheck.open')}</RouterLink>
        ))}
    </Card>
  );
}
