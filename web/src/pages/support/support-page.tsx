// Help & support (SPEC §10): the signed-in person's own requests with their state, and the way to a new one.
import { Body1, Button, makeStyles, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { useMySupportRequests } from '../../api/support';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { SupportStateBadge, useCategoryLabel, useDateTime } from './support-parts';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
});

export function SupportPage() {
  const t = useT();
  const styles = useStyles();
  const navigate = useNavigate();
  const requests = useMySupportRequests();
  const date = useDateTime();
  const categoryLabel = useCategoryLabel();
  return (
    <div className={styles.body}>
      <PageHeader title={t('support.title')} intro={t('support.intro')} />
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void navigate('/support/new')}>
          {t('support.newRequest')}
        </Button>
        <Body1>
          {t('support.accessCheckHint')}{' '}
          <RouterLink to="/volume-licensing/access-check" inline>
            {t('support.accessCheckLink')}
          </RouterLink>
        </Body1>
      </div>
      <PagedTable
        pages={requests}
        label={t('support.table')}
        columns={[
          t('support.number'),
          t('support.subject'),
          t('support.category'),
          t('support.state'),
          t('support.updated'),
        ]}
        empty={t('support.none')}
        row={(request) => (
          <TableRow key={request.id}>
            <TableCell>#{request.id}</TableCell>
            <TableCell>
              <RouterLink to={`/support/requests/${request.id}`}>{request.subject}</RouterLink>
            </TableCell>
            <TableCell>{categoryLabel(request.category)}</TableCell>
            <TableCell>
              <SupportStateBadge state={request.state} audience="customer" />
            </TableCell>
            <TableCell>{date(request.updatedAt)}</TableCell>
          </TableRow>
        )}
      />
    </div>
  );
}
