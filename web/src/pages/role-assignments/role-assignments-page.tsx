import {
  Badge,
  Button,
  Field,
  makeStyles,
  Menu,
  MenuButton,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Subtitle1,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { PersonAdd20Regular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import {
  useInvitationAction,
  useVlUsers,
  type AdministeredLicenseId,
  type InvitationAction,
  type VlUser,
  type VlUserStatus,
} from '../../api/vl-users';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { useT, type MessageKey } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';
import { roleNames } from '../volume-licensing/role-names';
import { assignUsersPath } from '../volume-licensing/volume-licensing-nav';
import { AdministeredPage, LICENSE_IDS_SHOWN, SingleAdministratorBanner } from './administered';
import { ImportRolesDialog } from './import-roles-dialog';
import { LicenseIdPicker } from './license-id-picker';
import { useNotifySuccess } from './notify';
import { EditRolesDialog, RemoveUserDialog, ViewAccessDialog } from './user-dialogs';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  heading: { margin: 0 },
  licenseId: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
  // Wide enough that a License ID and a role or two share a line instead of breaking after every word.
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: '16rem' },
  // A wide table scrolls inside its own box, never the whole page sideways.
  scroll: { overflowX: 'auto' },
  nowrap: { whiteSpace: 'nowrap' },
  tag: { marginInlineStart: tokens.spacingHorizontalXS },
  showAll: { alignSelf: 'flex-start' },
});

const statusText: Record<VlUserStatus, MessageKey> = {
  active: 'manageUsers.statusActive',
  'invitation-sent': 'manageUsers.statusInvitationSent',
  'invitation-expired': 'manageUsers.statusInvitationExpired',
  failed: 'manageUsers.statusFailed',
  'user-not-found': 'manageUsers.statusUserNotFound',
};

export function RoleAssignmentsPage() {
  const t = useT();
  return (
    <AdministeredPage title={t('roleAssignments.title')} intro={t('roleAssignments.intro')}>
      {(licenseIds) => <ManageUsers licenseIds={licenseIds} />}
    </AdministeredPage>
  );
}

type Dialog = { kind: 'view' | 'edit' | 'remove'; user: VlUser } | { kind: 'import'; target?: string } | null;

function ManageUsers({ licenseIds }: { licenseIds: AdministeredLicenseId[] }) {
  const t = useT();
  const styles = useStyles();
  const navigate = useNavigate();
  const headingId = useId();
  const [q, setQ] = useState('');
  const [licenseIdNumber, setLicenseIdNumber] = useState('');
  const users = useVlUsers({ q, licenseIdNumber: licenseIdNumber || undefined });
  const enterpriseStyle = licenseIds.filter((licenseId) => licenseId.enterpriseStyle);
  // `?import=<License ID>` (the contracts list's Import roles row action) opens Import roles for that License ID.
  const [searchParams, setSearchParams] = useSearchParams();
  const importTarget = searchParams.get('import');
  const [dialog, setDialog] = useState<Dialog>(() =>
    importTarget && enterpriseStyle.some((licenseId) => licenseId.licenseIdNumber === importTarget)
      ? { kind: 'import', target: importTarget }
      : null,
  );
  const closeDialog = () => {
    setDialog(null);
    if (importTarget !== null) setSearchParams({}, { replace: true });
  };

  return (
    <div className={styles.body}>
      <SingleAdministratorBanner licenseIds={licenseIds} />
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<PersonAdd20Regular />} onClick={() => void navigate(assignUsersPath)}>
          {t('roleAssignments.assign')}
        </Button>
        {enterpriseStyle.length > 0 && (
          <Button onClick={() => setDialog({ kind: 'import' })}>{t('importRoles.open')}</Button>
        )}
      </div>
      <section className={styles.body} aria-labelledby={headingId}>
        <Subtitle1 as="h2" id={headingId} className={styles.heading}>
          {t('manageUsers.heading')}
        </Subtitle1>
        <div className={styles.toolbar}>
          <Field label={t('manageUsers.filter')}>
            <SearchBox value={q} onChange={(_e, data) => setQ(data.value)} />
          </Field>
          <Field label={t('manageUsers.licenseIdFilter')}>
            <LicenseIdPicker
              licenseIds={licenseIds}
              value={licenseIdNumber}
              onChange={setLicenseIdNumber}
              noneLabel={t('manageUsers.allLicenseIds')}
            />
          </Field>
        </div>
        <div className={styles.scroll}>
          <PagedTable
            pages={users}
            label={t('manageUsers.tableLabel')}
            columns={[
              t('manageUsers.name'),
              t('manageUsers.signInEmail'),
              t('manageUsers.businessEmail'),
              t('manageUsers.type'),
              t('manageUsers.roles'),
              t('manageUsers.status'),
              t('manageUsers.actions'),
            ]}
            empty={q || licenseIdNumber ? t('manageUsers.noneMatch') : t('manageUsers.none')}
            row={(user) => (
              <UserRow key={user.businessEmail} user={user} onOpen={(kind) => setDialog({ kind, user })} />
            )}
          />
        </div>
      </section>
      {dialog?.kind === 'view' && <ViewAccessDialog user={dialog.user} onClose={closeDialog} />}
      {dialog?.kind === 'edit' && <EditRolesDialog user={dialog.user} licenseIds={licenseIds} onClose={closeDialog} />}
      {dialog?.kind === 'remove' && <RemoveUserDialog user={dialog.user} onClose={closeDialog} />}
      {dialog?.kind === 'import' && (
        <ImportRolesDialog licenseIds={licenseIds} initialTarget={dialog.target} onClose={closeDialog} />
      )}
    </div>
  );
}

function UserRow({ user, onOpen }: { user: VlUser; onOpen: (kind: 'view' | 'edit' | 'remove') => void }) {
  const t = useT();
  const styles = useStyles();
  const notify = useNotifySuccess();
  const invitation = useInvitationAction();
  const invited = user.status === 'invitation-sent' || user.status === 'invitation-expired' || user.status === 'failed';
  const who = user.displayName ?? user.businessEmail;

  const invite = (action: InvitationAction) =>
    invitation.mutate(
      { email: user.businessEmail, action },
      {
        onSuccess: () =>
          notify(t(action === 'resend' ? 'manageUsers.resent' : 'manageUsers.reset', { email: user.businessEmail })),
      },
    );

  return (
    <TableRow>
      <TableCell>{user.displayName ?? <span className={styles.muted}>{t('manageUsers.noName')}</span>}</TableCell>
      <TableCell>{user.signInName ?? <span className={styles.muted}>{t('manageUsers.notRegistered')}</span>}</TableCell>
      <TableCell>{user.businessEmail}</TableCell>
      <TableCell>
        <Badge appearance="tint" color={user.internal ? 'brand' : 'informative'}>
          {t(user.internal ? 'manageUsers.internal' : 'manageUsers.external')}
        </Badge>
      </TableCell>
      <TableCell>
        <UserRoles user={user} />
      </TableCell>
      <TableCell>
        <span className={styles.nowrap}>{t(statusText[user.status])}</span>
        {user.accessAtRisk && (
          <Badge className={styles.tag} appearance="filled" color="danger" title={t('contracts.accessAtRiskHint')}>
            {t('contracts.accessAtRisk')}
          </Badge>
        )}
      </TableCell>
      <TableCell>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <MenuButton size="small" aria-label={t('manageUsers.actionsFor', { user: who })}>
              {t('manageUsers.actions')}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem onClick={() => onOpen('view')}>{t('manageUsers.viewAccess')}</MenuItem>
              <MenuItem onClick={() => onOpen('edit')}>{t('manageUsers.editRoles')}</MenuItem>
              <MenuItem disabled={!invited || invitation.isPending} onClick={() => invite('resend')}>
                {t('manageUsers.resendInvite')}
              </MenuItem>
              <MenuItem disabled={!invited || invitation.isPending} onClick={() => invite('reset')}>
                {t('manageUsers.resetInvite')}
              </MenuItem>
              <MenuItem onClick={() => onOpen('remove')}>{t('manageUsers.remove')}</MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
        {invitation.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(invitation.error, t, { email: user.businessEmail })}</MessageBarBody>
          </MessageBar>
        )}
      </TableCell>
    </TableRow>
  );
}

/** Per License ID: the roles held, inherited ones marked, and those waiting in an invitation. */
function UserRoles({ user }: { user: VlUser }) {
  const t = useT();
  const styles = useStyles();
  const formatNumber = useNumberFormat();
  const [showAll, setShowAll] = useState(false);
  const listId = useId();
  const many = user.licenseIds.length > LICENSE_IDS_SHOWN;
  const shown = many && !showAll ? user.licenseIds.slice(0, LICENSE_IDS_SHOWN) : user.licenseIds;
  return (
    <div className={styles.roles} id={listId}>
      {shown.map((licenseId) => (
        <div key={licenseId.licenseIdNumber}>
          <span className={styles.licenseId}>{licenseId.licenseIdNumber}</span>:{' '}
          {[
            licenseId.roles.length > 0 ? roleNames(licenseId.roles, t) : null,
            licenseId.inheritedRoles.length > 0
              ? t('manageUsers.inheritedRoles', { roles: roleNames(licenseId.inheritedRoles, t) })
              : null,
            licenseId.invitation && licenseId.roles.length === 0
              ? t('manageUsers.invitedRoles', { roles: roleNames(licenseId.invitation.roles, t) })
              : null,
          ]
            .filter((part) => part !== null)
            .join('; ') || t('roleEditor.noRoles')}
          {licenseId.accessAtRisk && (
            <Badge className={styles.tag} appearance="filled" color="danger" size="small">
              {t('contracts.accessAtRisk')}
            </Badge>
          )}
        </div>
      ))}
      {many && (
        <Button
          className={styles.showAll}
          appearance="subtle"
          size="small"
          aria-expanded={showAll}
          aria-controls={listId}
          onClick={() => setShowAll(!showAll)}
        >
          {showAll
            ? t('manageUsers.showFewerLicenseIds')
            : t('manageUsers.showAllLicenseIds', { count: formatNumber(user.licenseIds.length) })}
        </Button>
      )}
    </div>
  );
}
