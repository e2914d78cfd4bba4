// A new VL profile request on a page of its own in the operator console: the panel under its heading. The support
// queue's request page (/operator/support/:id) renders the same panel for requests of kind `vl-profile`.
import { makeStyles, Subtitle1, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { useT } from '../../i18n/i18n';
import { NotFoundPage } from '../not-found/not-found-page';
import { OperatorNav } from './operator-nav';
import { VlProfileRequestPanel } from './vl-profile-request-panel';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    marginBlockStart: tokens.spacingVerticalL,
    maxWidth: '64rem',
  },
  heading: { margin: 0 },
});

export function OperatorVlProfileRequestPage() {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  const id = Number(useParams().supportRequestId);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('vlProfilePanel.pageTitle', { id })} />
      <OperatorNav />
      <section className={styles.body} aria-labelledby={headingId}>
        <Subtitle1 as="h2" id={headingId} className={styles.heading}>
          {t('vlProfilePanel.heading')}
        </Subtitle1>
        <VlProfileRequestPanel supportRequestId={id} />
      </section>
    </>
  );
}
