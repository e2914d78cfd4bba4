import { Body1, makeStyles, Subtitle1, tokens } from '@fluentui/react-components';
import { DocumentRibbon48Regular } from '@fluentui/react-icons';
import { useId } from 'react';
import { PageHeader } from '../../components/page-header';
import { useT } from '../../i18n/i18n';

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
});

export function VolumeLicensingPage() {
  const t = useT();
  const styles = useStyles();
  const emptyHeadingId = useId();
  return (
    <>
      <PageHeader title={t('volumeLicensing.title')} intro={t('volumeLicensing.intro')} />
      <section className={styles.empty} aria-labelledby={emptyHeadingId}>
        <DocumentRibbon48Regular className={styles.icon} aria-hidden />
        <Subtitle1 as="h2" id={emptyHeadingId} className={styles.heading}>
          {t('volumeLicensing.emptyHeading')}
        </Subtitle1>
        <Body1 className={styles.text}>{t('volumeLicensing.emptyText')}</Body1>
      </section>
    </>
  );
}
