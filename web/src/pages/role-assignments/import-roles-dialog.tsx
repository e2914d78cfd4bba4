import {
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
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useImportRoles, type AdministeredLicenseId, type ImportRolesResult } from '../../api/vl-users';
import { fieldError } from '../../components/field-errors';
import { problemMessage } from '../../components/problem-message';
import { useT } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { LicenseIdPicker } from './license-id-picker';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** SPEC §6 Import roles: copy the users and roles of a source License ID onto an enterprise-style one. */
export function ImportRolesDialog({
  licenseIds,
  initialTarget,
  onClose,
}: {
  licenseIds: readonly AdministeredLicenseId[];
  /** The License ID to import into, when the dialog was opened for one. */
  initialTarget?: string | undefined;
  onClose: () => void;
}) {
  const t = useT();
  const styles = useStyles();
  const targets = licenseIds.filter((licenseId) => licenseId.enterpriseStyle);
  const [target, setTarget] = useState(initialTarget ?? targets[0]?.licenseIdNumber ?? '');
  const sources = licenseIds.filter((licenseId) => licenseId.licenseIdNumber !== target);
  const [source, setSource] = useState('');
  const chosenSource = sources.some((licenseId) => licenseId.licenseIdNumber === source)
    ? source
    : (sources[0]?.licenseIdNumber ?? '');
  const importRoles = useImportRoles();
  const [result, setResult] = useState<ImportRolesResult | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || !chosenSource || importRoles.isPending) return;
    setResult(null);
    importRoles.mutate({ licenseIdNumber: target, sourceLicenseIdNumber: chosenSource }, { onSuccess: setResult });
  };

  return (
    <Dialog open onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t('importRoles.title')}</DialogTitle>
            <DialogContent className={styles.content}>
              <Body1>{t('importRoles.intro')}</Body1>
              <Field label={t('importRoles.target')} required>
                <LicenseIdPicker licenseIds={targets} value={target} onChange={setTarget} />
              </Field>
              <Field
                label={t('importRoles.source')}
                hint={t('importRoles.sourceHint')}
                required
                validationMessage={
                  sources.length === 0
                    ? t('importRoles.noSource')
                    : fieldError(importRoles.error, 'sourceLicenseIdNumber', t)
                }
              >
                <LicenseIdPicker licenseIds={sources} value={chosenSource} onChange={setSource} />
              </Field>
              {importRoles.isError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problemMessage(importRoles.error, t)}</MessageBarBody>
                </MessageBar>
              )}
              {result && (
                <MessageBar intent="success" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>
                      {t('importRoles.done', {
                        count: result.users.length,
                        source: result.sourceLicenseIdNumber,
                        target: result.licenseIdNumber,
                      })}
                    </MessageBarTitle>
                    <ul className={styles.list}>
                      {result.users.map((user) => (
                        <li key={user.businessEmail}>
                          {user.businessEmail}: {roleNames(user.roles, t)}
                        </li>
                      ))}
                    </ul>
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button
                type="submit"
                appearance="primary"
                disabledFocusable={importRoles.isPending || sources.length === 0}
              >
                {t('importRoles.submit')}
              </Button>
              <Button onClick={onClose}>{t(result ? 'manageUsers.close' : 'manageUsers.cancel')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
