import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Select,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';
import { useMe } from '../../api/session';
import { GlobalAdminOnly } from '../../components/admin-only';
import { CopyValue } from '../../components/copy-value';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useT } from '../../i18n/i18n';

type TenantUser = components['schemas']['TenantUser'];

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export function UsersPage() {
  const t = useT();
  return <GlobalAdminOnly title={t('users.title')}>{(tenantId) => <Users tenantId={tenantId} />}</GlobalAdminOnly>;
}

function Users({ tenantId }: { tenantId: string }) {
  const t = useT();
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const users = useCursorPages({
    queryKey: ['tenant-users', tenantId, query],
    fetchPage: ({ cursor, limit }) =>
      call(
        api.GET('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId }, query: { query: query || undefined, cursor, limit } },
        }),
      ),
  });
  const [creating, setCreating] = useState(false);
  const [password, setPassword] = useState<{ user: string; value: string } | null>(null);

  return (
    <div className={styles.body}>
      <PageHeader title={t('users.title')} intro={t('users.intro')} />
      <div className={styles.toolbar}>
        <Field label={t('users.search')}>
          <SearchBox value={query} onChange={(_e, data) => setQuery(data.value)} />
        </Field>
        <Button appearance="primary" onClick={() => setCreating(true)}>
          {t('users.create')}
        </Button>
      </div>
      {password && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('users.passwordTitle', { user: password.user })}</MessageBarTitle>
            {t('users.passwordWarning')}
            <CopyValue label={t('users.temporaryPassword')} value={password.value} />
          </MessageBarBody>
        </MessageBar>
      )}
      <PagedTable
        pages={users}
        label={t('users.tableLabel')}
        columns={[t('users.displayName'), t('users.signInName'), t('users.roles'), t('users.actions')]}
        empty={t('users.none')}
        row={(user) => (
          <UserRow
            key={user.id}
            tenantId={tenantId}
            user={user}
            onPassword={(value) => setPassword({ user: user.signInName, value })}
          />
        )}
      />
      <CreateUserDialog
        tenantId={tenantId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user, value) => {
          setCreating(false);
          setPassword({ user, value });
        }}
      />
    </div>
  );
}

function UserRow({
  tenantId,
  user,
  onPassword,
}: {
  tenantId: string;
  user: TenantUser;
  onPassword: (v: string) => void;
}) {
  const t = useT();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const self = useMe().data?.account.id === user.id;
  const path = { tenantId, userId: user.id };
  const reset = useMutation({
    mutationFn: () => call(api.POST('/api/v1/tenants/{tenantId}/users/{userId}/password-reset', { params: { path } })),
    onSuccess: (answer) => onPassword(answer.temporaryPassword),
  });
  const role = useMutation({
    mutationFn: (isGlobalAdmin: boolean) =>
      call(
        api.PUT('/api/v1/tenants/{tenantId}/users/{userId}/global-admin', {
          params: { path },
          body: { isGlobalAdmin },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tenant-users', tenantId] }),
  });
  const error = reset.error ?? role.error;
  return (
    <TableRow>
      <TableCell>{user.displayName}</TableCell>
      <TableCell>{user.signInName}</TableCell>
      <TableCell>
        {user.isGlobalAdmin && (
          <Badge appearance="tint" color="brand">
            {t('users.globalAdmin')}
          </Badge>
        )}
        {user.disabled && <Badge appearance="outline">{t('users.disabled')}</Badge>}
      </TableCell>
      <TableCell>
        <div className={styles.actions}>
          {!self && (
            <Button
              size="small"
              aria-label={t('users.resetPassword', { user: user.displayName })}
              disabledFocusable={reset.isPending}
              onClick={() => reset.mutate()}
            >
              {t('users.resetPasswordShort')}
            </Button>
          )}
          <Button
            size="small"
            aria-label={t(user.isGlobalAdmin ? 'users.removeAdmin' : 'users.makeAdmin', { user: user.displayName })}
            disabledFocusable={role.isPending}
            onClick={() => role.mutate(!user.isGlobalAdmin)}
          >
            {t(user.isGlobalAdmin ? 'users.removeAdminShort' : 'users.makeAdminShort')}
          </Button>
        </div>
        {error && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(error, t)}</MessageBarBody>
          </MessageBar>
        )}
      </TableCell>
    </TableRow>
  );
}

interface CreateUserDialogProps {
  tenantId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (signInName: string, temporaryPassword: string) => void;
}

function CreateUserDialog({ tenantId, open, onClose, onCreated }: CreateUserDialogProps) {
  const t = useT();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const domains = useQuery({
    queryKey: ['domains', tenantId],
    queryFn: () => call(api.GET('/api/v1/tenants/{tenantId}/domains', { params: { path: { tenantId } } })),
    enabled: open,
  });
  const choices = domains.data
    ? [domains.data.initialDomain, ...domains.data.items.filter((d) => d.state === 'verified').map((d) => d.name)]
    : [];
  const [userName, setUserName] = useState('');
  const [domain, setDomain] = useState('');
  const chosenDomain = domain || choices[0] || '';
  const [displayName, setDisplayName] = useState('');
  const [isGlobalAdmin, setIsGlobalAdmin] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId } },
          body: {
            userName: userName.trim(),
            domain: chosenDomain,
            displayName: displayName.trim(),
            isGlobalAdmin,
          },
        }),
      ),
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: ['tenant-users', tenantId] });
      setUserName('');
      setDisplayName('');
      setIsGlobalAdmin(false);
      onCreated(answer.user.signInName, answer.temporaryPassword);
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  const err = (name: string) => fieldError(create.error, name, t);

  return (
    <Dialog open={open} onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <DialogTitle>{t('users.create')}</DialogTitle>
            <DialogContent className={styles.form}>
              {create.isError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problemMessage(create.error, t, { domain: chosenDomain })}</MessageBarBody>
                </MessageBar>
              )}
              <Field label={t('users.displayName')} required validationMessage={err('displayName')}>
                <Input value={displayName} onChange={(_e, data) => setDisplayName(data.value)} />
              </Field>
              <Field
                label={t('users.userName')}
                hint={t('users.userNameHint')}
                required
                validationMessage={err('userName')}
              >
                <Input value={userName} onChange={(_e, data) => setUserName(data.value)} />
              </Field>
              <Field label={t('users.domain')} required validationMessage={err('domain')}>
                <Select value={chosenDomain} onChange={(_e, data) => setDomain(data.value)}>
                  {choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {choice}
                    </option>
                  ))}
                </Select>
              </Field>
              <Checkbox
                label={t('users.makeGlobalAdmin')}
                checked={isGlobalAdmin}
                onChange={(_e, data) => setIsGlobalAdmin(data.checked === true)}
              />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
                {t('users.createSubmit')}
              </Button>
              <Button onClick={onClose}>{t('takeover.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
