import {
  Badge,
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  TableCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import {
  useDecideOrganization,
  useOperatorOrganizations,
  type ApprovalState,
  type OperatorOrganization,
} from '../../api/operator-agreements';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { useT } from '../../i18n/i18n';
import { OperatorNav } from './operator-nav';
import { OperatorOnly, useDate } from './operator-pages';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  dialogContent: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export function OperatorOrganizationsPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorAgreements.organizationsTitle')}>
      <OrganizationList />
    </OperatorOnly>
  );
}

export function ApprovalBadge({ state }: { state: ApprovalState }) {
  const t = useT();
  const color = state === 'approved' ? 'success' : state === 'rejected' ? 'danger' : 'warning';
  return (
    <Badge appearance="tint" color={color}>
      {t(`operatorAgreements.${state}`)}
    </Badge>
  );
}

function OrganizationList() {
  const t = useT();
  const styles = useStyles();
  const [state, setState] = useState<'' | ApprovalState>('pending');
  const organizations = useOperatorOrganizations(state || undefined);

  return (
    <div className={styles.body}>
      <PageHeader
        title={t('operatorAgreements.organizationsTitle')}
        intro={t('operatorAgreements.organizationsIntro')}
      />
      <OperatorNav />
      <div className={styles.toolbar}>
        <Field label={t('operatorAgreements.approvalState')}>
          <Select value={state} onChange={(_e, data) => setState(data.value as typeof state)}>
            <option value="pending">{t('operatorAgreements.pending')}</option>
            <option value="approved">{t('operatorAgreements.approved')}</option>
            <option value="rejected">{t('operatorAgreements.rejected')}</option>
            <option value="">{t('operatorAgreements.allStates')}</option>
          </Select>
        </Field>
      </div>
      <PagedTable
        pages={organizations}
        label={t('operatorAgreements.organizationsTable')}
        columns={[
          t('operatorAgreements.name'),
          t('operatorAgreements.place'),
          t('operatorAgreements.pcns'),
          t('operatorAgreements.partner'),
          t('operatorAgreements.licenseIds'),
          t('operatorAgreements.created'),
          t('operatorAgreements.approvalState'),
          t('operatorAgreements.actions'),
        ]}
        empty={t('operatorAgreements.noOrganizations')}
        row={(organization) => <OrganizationRow key={organization.id} organization={organization} />}
      />
    </div>
  );
}

function OrganizationRow({ organization: current }: { organization: OperatorOrganization }) {
  const t = useT();
  const styles = useStyles();
  const date = useDate();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const approve = useDecideOrganization();
  const reject = useDecideOrganization();

  return (
    <TableRow>
      <TableCell>{current.name}</TableCell>
      <TableCell>
        {current.city}, {current.country}
      </TableCell>
      <TableCell>{current.pcns.join(', ')}</TableCell>
      <TableCell>{current.partner?.name ?? '—'}</TableCell>
      <TableCell>{current.licenseIdCount}</TableCell>
      <TableCell>{date(current.createdAt)}</TableCell>
      <TableCell>
        <ApprovalBadge state={current.approvalState} />
      </TableCell>
      <TableCell>
        <div className={styles.actions}>
          {current.approvalState !== 'approved' && (
            <Button
              size="small"
              appearance="primary"
              aria-label={t('operatorAgreements.approveNamed', { name: current.name })}
              disabledFocusable={approve.isPending}
              onClick={() => approve.mutate({ id: current.id, decision: 'approve' })}
            >
              {t('operatorAgreements.approve')}
            </Button>
          )}
          {current.approvalState !== 'rejected' && (
            <Button
              size="small"
              aria-label={t('operatorAgreements.rejectNamed', { name: current.name })}
              onClick={() => {
                reject.reset();
                setReason('');
                setRejecting(true);
              }}
            >
              {t('operatorAgreements.reject')}
            </Button>
          )}
        </div>
        {approve.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(approve.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <Dialog open={rejecting} onOpenChange={(_e, data) => setRejecting(data.open)}>
          <DialogSurface>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                reject.mutate(
                  { id: current.id, decision: 'reject', reason: reason.trim() || undefined },
                  {
                    onSuccess: () => setRejecting(false),
                  },
                );
              }}
            >
              <DialogBody>
                <DialogTitle>{t('operatorAgreements.rejectTitle', { name: current.name })}</DialogTitle>
                <DialogContent className={styles.dialogContent}>
                  <Body1>{t('operatorAgreements.rejectText')}</Body1>
                  <Field
                    label={t('operatorAgreements.reason')}
                    hint={t('operatorAgreements.reasonHint')}
                    validationMessage={fieldError(reject.error, 'reason', t)}
                  >
                    <Textarea value={reason} onChange={(_e, data) => setReason(data.value)} />
                  </Field>
                  {reject.isError && (
                    <MessageBar intent="error" layout="multiline">
                      <MessageBarBody>{problemMessage(reject.error, t)}</MessageBarBody>
                    </MessageBar>
                  )}
                </DialogContent>
                <DialogActions>
                  <Button type="submit" appearance="primary" disabledFocusable={reject.isPending}>
                    {t('operatorAgreements.reject')}
                  </Button>
                  <Button onClick={() => setRejecting(false)}>{t('takeover.cancel')}</Button>
                </DialogActions>
              </DialogBody>
            </form>
          </DialogSurface>
        </Dialog>
      </TableCell>
    </TableRow>
  );
}
