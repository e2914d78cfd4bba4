// The operator's part of a support request of kind `vl-profile` (SPEC §10): what is asked, the pre-checks run again
// now (with what changed since filing), and the decision — Approve (refused by the server while a required check
// fails) or Reject with a reason. The host page gives it its heading (an h2): the panel's own sub-heading is an h3.
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
  Subtitle1,
  TableCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  useDecideVlProfileRequest,
  useOperatorVlProfileRequest,
  type OperatorVlProfileRequest,
  type VlProfilePrecheck,
} from '../../api/vl-profile-requests';
import { fieldError } from '../../components/field-errors';
import { DataTable } from '../../components/data-table';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { useI18n, useT, type Translate } from '../../i18n/i18n';
import { useNotifySuccess } from '../role-assignments/notify';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  result: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export function VlProfileRequestPanel({ supportRequestId }: { supportRequestId: number }) {
  const request = useOperatorVlProfileRequest(supportRequestId);
  if (request.data) return <Panel request={request.data} />;
  if (request.isError) return <LoadError error={request.error} onRetry={() => void request.refetch()} />;
  return <Loading />;
}

/** The text of one check's outcome: nothing more to say when it passed, what failed (with the values) when not. */
function outcomeText(check: VlProfilePrecheck, t: Translate): string | undefined {
  if (check.passed) return undefined;
  if (check.code === 'profile_bound_to_old_identity' && check.params['reason'] === 'no_profile') {
    return t('vlProfilePanel.checks.profile_bound_to_old_identity.failNone');
  }
  return t(`vlProfilePanel.checks.${check.code}.fail`, check.params);
}

function Panel({ request }: { request: OperatorVlProfileRequest }) {
  const t = useT();
  const styles = useStyles();
  const checksHeadingId = useId();
  const { locale } = useI18n();
  const dateFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );
  const decide = useDecideVlProfileRequest(request.supportRequestId);
  const notify = useNotifySuccess();
  const [rejecting, setRejecting] = useState(false);
  const pending = request.state === 'pending';
  const atFiling = new Map(request.prechecksAtFiling.map((c) => [c.code, c.passed]));

  const approve = () => decide.mutate({ approve: true }, { onSuccess: () => notify(t('vlProfilePanel.approved')) });

  return (
    <div className={styles.panel}>
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('vlProfilePanel.kind')}</dt>
        <dd className={styles.definition}>{t(`vlProfilePanel.kinds.${request.kind}`)}</dd>
        <dt className={styles.term}>{t('vlProfilePanel.requester')}</dt>
        <dd className={styles.definition}>
          {request.requester.name} ({request.requester.signInName})
        </dd>
        <dt className={styles.term}>{t('vlProfilePanel.businessEmail')}</dt>
        <dd className={styles.definition}>{request.businessEmail}</dd>
        {request.oldSignInName !== null && (
          <>
            <dt className={styles.term}>{t('vlProfilePanel.oldSignInName')}</dt>
            <dd className={styles.definition}>{request.oldSignInName}</dd>
          </>
        )}
        <dt className={styles.term}>{t('vlProfilePanel.newSignInName')}</dt>
        <dd className={styles.definition}>{request.newSignInName}</dd>
        <dt className={styles.term}>{t('vlProfilePanel.cloud')}</dt>
        <dd className={styles.definition}>{request.newCloud}</dd>
        <dt className={styles.term}>{t('vlProfilePanel.licenseIds')}</dt>
        <dd className={`${styles.definition} ${styles.mono}`}>{request.licenseIdNumbers.join(', ')}</dd>
        <dt className={styles.term}>{t('vlProfilePanel.state')}</dt>
        <dd className={styles.definition}>
          {t(`vlProfileRequest.states.${request.state}`)}
          {request.decidedAt && (
            <>
              {' · '}
              {t('vlProfilePanel.decidedBy', {
                name: request.decidedBy ?? '—',
                date: dateFormat.format(new Date(request.decidedAt)),
              })}
            </>
          )}
          {request.rejectionReason && (
            <>
              {' · '}
              {t('vlProfileRequest.reason')}: {request.rejectionReason}
            </>
          )}
        </dd>
      </dl>

      <Subtitle1 as="h3" id={checksHeadingId} className={styles.heading}>
        {t('vlProfilePanel.prechecksHeading')}
      </Subtitle1>
      <DataTable labelledBy={checksHeadingId} columns={[t('vlProfilePanel.check'), t('vlProfilePanel.result')]}>
        {request.prechecks.map((check) => {
          const text = outcomeText(check, t);
          const changed = atFiling.has(check.code) && atFiling.get(check.code) !== check.passed;
          return (
            <TableRow key={check.code}>
              <TableCell>
                {t(`vlProfilePanel.checks.${check.code}.label`)}{' '}
                <span className={styles.muted}>
                  ({t(check.blocking ? 'vlProfilePanel.blocking' : 'vlProfilePanel.advisory')})
                </span>
              </TableCell>
              <TableCell>
                <div className={styles.result}>
                  <span>
                    <Badge appearance="tint" color={check.passed ? 'success' : check.blocking ? 'danger' : 'warning'}>
                      {t(check.passed ? 'vlProfilePanel.passed' : 'vlProfilePanel.failed')}
                    </Badge>
                  </span>
                  {text && <Body1>{text}</Body1>}
                  {changed && <Body1 className={styles.muted}>{t('vlProfilePanel.changedSinceFiling')}</Body1>}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </DataTable>

      {pending && (
        <>
          {!request.approvable && (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>{t('vlProfilePanel.notApprovable')}</MessageBarBody>
            </MessageBar>
          )}
          <Body1 className={styles.muted}>
            {t(request.kind === 'rebind' ? 'vlProfilePanel.approveHintRebind' : 'vlProfilePanel.approveHintCreate')}
          </Body1>
          <div className={styles.actions}>
            <Button appearance="primary" disabledFocusable={!request.approvable || decide.isPending} onClick={approve}>
              {t('vlProfilePanel.approve')}
            </Button>
            <Button disabledFocusable={decide.isPending} onClick={() => setRejecting(true)}>
              {t('vlProfilePanel.reject')}
            </Button>
          </div>
        </>
      )}
      {decide.isError && !rejecting && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(decide.error, t)}</MessageBarBody>
        </MessageBar>
      )}
      {rejecting && (
        <RejectDialog
          busy={decide.isPending}
          error={decide.error}
          onCancel={() => {
            decide.reset();
            setRejecting(false);
          }}
          onReject={(reason) =>
            decide.mutate(
              { approve: false, reason },
              {
                onSuccess: () => {
                  setRejecting(false);
                  notify(t('vlProfilePanel.rejected'));
                },
              },
            )
          }
        />
      )}
    </div>
  );
}

function RejectDialog(props: {
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onReject: (reason: string) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (reason.trim() !== '') props.onReject(reason.trim());
  };
  const serverFieldError = fieldError(props.error, 'reason', t);
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && props.onCancel()}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t('vlProfilePanel.rejectTitle')}</DialogTitle>
            <DialogContent>
              <Field
                label={t('vlProfilePanel.rejectReason')}
                required
                validationMessage={tried && reason.trim() === '' ? t('vlProfileRequest.required') : serverFieldError}
              >
                <Textarea value={reason} maxLength={1000} resize="vertical" onChange={(_, d) => setReason(d.value)} />
              </Field>
              {props.error !== null && !serverFieldError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problemMessage(props.error, t)}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={props.busy}>
                {t('vlProfilePanel.rejectConfirm')}
              </Button>
              <Button onClick={props.onCancel}>{t('vlProfilePanel.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
