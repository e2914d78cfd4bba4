// A new VL profile request on a page of its own in the operator console: the panel under a heading. The support
// queue's request page renders the same panel for requests of kind `vl-profile`; this address is the one e-mails and
// tests can name directly.
import { makeStyles, tokens } from '@fluentui/react-components';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { useT } from '../../i18n/i18n';
import { NotFoundPage } from '../not-found/not-found-page';
import { OperatorNav } from './operator-nav';
import { VlProfileRequestPanel } from './vl-profile-request-panel';

const useStyles = makeStyles({ body: { marginBlockStart: tokens.spacingVerticalL, maxWidth: '64rem' } });

export function OperatorVlProfileRequestPage() {
  const t = useT();
  const styles = useStyles();
  const id = Number(useParams().supportRequestId);
  if (!Number.isSafeInteger(id) || id < 1) return <NotFoundPage />;
  return (
    <>
      <PageHeader title={t('vlProfilePanel.pageTitle', { id })} />
      <OperatorNav />
      <div className={styles.body}>
        <VlProfileRequestPanel supportRequestId={id} />
      </div>
    </>
  );
}
