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
  makeStyles,
  MessageBar,
  MessageBarBody,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { VlRole } from '../../api/onboarding';
import { useAssignRoles, useRemoveVlUser, type AdministeredLicenseId, type VlUser } from '../../api/vl-users';
import { problemMessage } from '../../components/problem-message';
import { DataTable } from '../../components/data-table';
import { useI18n, useT } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { useNotifySuccess } from './notify';
import { LicenseIdText } from './license-id-text';
import { normalizeRoles, sameRoles } from './roles';
import { RolesEditor } from './roles-editor';
import { assignmentErrors } from './vl-problems';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground2 },
  wide: { maxWidth: '48rem' },
});

const invitationState = {
  pending: 'manageUsers.invitationPending',
  expired: 'manageUsers.invitationExpired',
  failed: 'manageUsers.invitationFailed',
} as const;

export function ViewAccessDialog({ user, onClose }: { user: VlUser; onClose: () => void }) {
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  const date = (value: string) => new Date(value).toLocaleDateString(locale, { dateStyle: 'medium' });
  const none = t('roleEditor.noRoles');
  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface className={styles.wide}>
        <DialogBody>
          <DialogTitle>{t('manageUsers.viewTitle', { user: user.displayName ?? user.businessEmail })}</DialogTitle>
          <DialogContent className={styles.content}>
            <dl className={styles.facts}>
              <dt className={styles.term}>{t('manageUsers.signInEmail')}</dt>
              <dd className={styles.definition}>{user.signInName ?? t('manageUsers.notRegistered')}</dd>
              <dt className={styles.term}>{t('manageUsers.businessEmail')}</dt>
              <dd className={styles.definition}>{user.businessEmail}</dd>
              <dt className={styles.term}>{t('manageUsers.type')}</dt>
              <dd className={styles.definition}>
                {t(user.internal ? 'manageUsers.internal' : 'manageUsers.external')}
              </dd>
            </dl>
            <DataTable
              label={t('manageUsers.accessTable')}
              columns={[
                t('contracts.licenseId'),
                t('manageUsers.roles'),
                t('manageUsers.inherited'),
                t('manageUsers.invitation'),
              ]}
            >
              {user.licenseIds.map((licenseId) => (
                <TableRow key={licenseId.licenseIdNumber}>
                  <TableCell>
                    <LicenseIdText licenseId={licenseId} />
                    {licenseId.accessAtRisk && (
                      <Badge appearance="filled" color="danger" title={t('contracts.accessAtRiskHint')}>
                        {t('contracts.accessAtRisk')}
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{licenseId.roles.length > 0 ? roleNames(licenseId.roles, t) : none}</TableCell>
                  <TableCell>
                    {licenseId.inheritedRoles.length > 0 ? roleNames(licenseId.inheritedRoles, t) : none}
                  </TableCell>
                  <TableCell>
                    {licenseId.invitation
                      ? t(invitationState[licenseId.invitation.state], {
                          roles: roleNames(licenseId.invitation.roles, t),
                          date: date(licenseId.invitation.expiresAt),
                        })
                      : t('manageUsers.noInvitation')}
                  </TableCell>
                </TableRow>
              ))}
            </DataTable>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t('manageUsers.close')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

type EditRolesDialogProps = { user: VlUser; licenseIds: readonly AdministeredLicenseId[]; onClose: () => void };

/** Edit roles: the wizard's roles editor over every License ID the admin administers, filled with what the user has. */
export function EditRolesDialog({ user, licenseIds, onClose }: EditRolesDialogProps) {
  const t = useT();
  const styles = useStyles();
  const notify = useNotifySuccess();
  const assign = useAssignRoles();
  const held = new Map(user.licenseIds.map((licenseId) => [licenseId.licenseIdNumber, licenseId]));
  const before = (number: string): VlRole[] => {
    const entry = held.get(number);
    if (!entry) return [];
    return entry.roles.length > 0 ? entry.roles : (entry.invitation?.roles ?? []);
  };
  // The user's License IDs first: they are what the admin most likely came to change.
  const ordered = [...licenseIds].sort(
    (a, b) => Number(held.has(b.licenseIdNumber)) - Number(held.has(a.licenseIdNumber)),
  );
  const [roles, setRoles] = useState<Record<string, VlRole[]>>(() =>
    Object.fromEntries(ordered.map((licenseId) => [licenseId.licenseIdNumber, before(licenseId.licenseIdNumber)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const changed = ordered.filter((licenseId) => {
    const number = licenseId.licenseIdNumber;
    return !sameRoles(before(number), normalizeRoles(roles[number] ?? [], licenseId.enterpriseStyle));
  });

  const save = () => {
    if (changed.length === 0) return onClose();
    const numbers = changed.map((licenseId) => licenseId.licenseIdNumber);
    assign.mutate(
      {
        email: user.businessEmail,
        // Nobody signs in with an invited address yet: the admin confirmed it as an external user when adding it.
        ...(user.signInName === null ? { confirmExternal: true } : {}),
        assignments: changed.map((licenseId) => ({
          licenseIdNumber: licenseId.licenseIdNumber,
          roles: normalizeRoles(roles[licenseId.licenseIdNumber] ?? [], licenseId.enterpriseStyle),
        })),
      },
      {
        onSuccess: () => {
          notify(t('manageUsers.rolesSaved', { email: user.businessEmail }));
          onClose();
        },
        onError: (error) => setErrors(assignmentErrors(error, numbers, t)),
      },
    );
  };

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface className={styles.wide}>
        <DialogBody>
          <DialogTitle>{t('manageUsers.editTitle', { user: user.displayName ?? user.businessEmail })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1 className={styles.muted}>{t('manageUsers.editIntro', { email: user.businessEmail })}</Body1>
            {assign.isError && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{problemMessage(assign.error, t, { email: user.businessEmail })}</MessageBarBody>
              </MessageBar>
            )}
            <RolesEditor
              licenseIds={ordered.map((licenseId) => ({
                ...licenseId,
                inheritedRoles: held.get(licenseId.licenseIdNumber)?.inheritedRoles ?? [],
              }))}
              value={roles}
              onChange={(next) => {
                setRoles(next);
                setErrors({});
              }}
              errors={errors}
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabledFocusable={assign.isPending} onClick={save}>
              {t('manageUsers.saveRoles')}
            </Button>
            <Button onClick={onClose}>{t('manageUsers.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function RemoveUserDialog({ user, onClose }: { user: VlUser; onClose: () => void }) {
  const t = useT();
  const styles = useStyles();
  const notify = useNotifySuccess();
  const remove = useRemoveVlUser();
  const numbers = user.licenseIds.map((licenseId) => licenseId.licenseIdNumber).join(', ');
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('manageUsers.removeTitle', { email: user.businessEmail })}</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1>{t('manageUsers.removeText', { email: user.businessEmail, licenseIds: numbers })}</Body1>
            {remove.isError && (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>{problemMessage(remove.error, t, { email: user.businessEmail })}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabledFocusable={remove.isPending}
              onClick={() =>
                remove.mutate(user.businessEmail, {
                  onSuccess: (answer) => {
                    notify(
                      t('manageUsers.removed', { email: answer.email, licenseIds: answer.licenseIdNumbers.join(', ') }),
                    );
                    onClose();
                  },
                })
              }
            >
              {t('manageUsers.removeConfirm')}
            </Button>
            <Button onClick={onClose}>{t('manageUsers.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
