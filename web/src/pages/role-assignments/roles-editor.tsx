import { Badge, Button, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ClipboardPaste20Regular, Copy20Regular } from '@fluentui/react-icons';
import { useId, useState } from 'react';
import type { VlRole } from '../../api/onboarding';
import { useT } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { invoiceReaderBlocked, normalizeRoles, vlRoleOrder } from './roles';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    margin: 0,
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalL,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: {
    paddingInline: tokens.spacingHorizontalXS,
    fontWeight: tokens.fontWeightSemibold,
  },
  licenseId: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
  hint: { color: tokens.colorNeutralForeground2, marginBlock: 0, marginInlineStart: '32px' },
  error: { color: tokens.colorPaletteRedForeground1 },
  actions: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
    marginBlockStart: tokens.spacingVerticalS,
  },
});

/** One License ID as the editor shows it. */
export type EditableLicenseId = {
  licenseIdNumber: string;
  organizationName: string;
  programName: string;
  enterpriseStyle: boolean;
  /** Held through the parent agreement: shown checked, not editable here (SPEC §4). */
  inheritedRoles?: readonly VlRole[];
};

type RolesEditorProps = {
  licenseIds: readonly EditableLicenseId[];
  /** Roles per License ID number. */
  value: Readonly<Record<string, readonly VlRole[]>>;
  onChange: (next: Record<string, VlRole[]>) => void;
  /** A message per License ID number (the server's, or the page's own check). */
  errors?: Readonly<Record<string, string | undefined>>;
};

/**
 * The roles of one user on several License IDs: a labelled group of the seven roles per License ID, with Copy and
 * Paste to carry one License ID's roles to another. Used by the Assign wizard and by Edit roles.
 */
export function RolesEditor({ licenseIds, value, onChange, errors }: RolesEditorProps) {
  const t = useT();
  const styles = useStyles();
  const [copied, setCopied] = useState<{ from: string; roles: VlRole[] } | null>(null);
  const statusId = useId();

  const set = (licenseIdNumber: string, roles: VlRole[], enterpriseStyle: boolean) => {
    const next: Record<string, VlRole[]> = {};
    for (const [number, held] of Object.entries(value)) next[number] = [...held];
    next[licenseIdNumber] = normalizeRoles(roles, enterpriseStyle);
    onChange(next);
  };

  return (
    <div className={styles.list}>
      {/* Announces what Copy put on the editor's clipboard. */}
      <div role="status" id={statusId} className={styles.muted}>
        {copied &&
          t('roleEditor.copied', {
            licenseId: copied.from,
            roles: copied.roles.length > 0 ? roleNames(copied.roles, t) : t('roleEditor.noRoles'),
          })}
      </div>
      {licenseIds.map((licenseId) => (
        <LicenseIdRoles
          key={licenseId.licenseIdNumber}
          licenseId={licenseId}
          roles={value[licenseId.licenseIdNumber] ?? []}
          error={errors?.[licenseId.licenseIdNumber]}
          canPaste={copied !== null && copied.from !== licenseId.licenseIdNumber}
          onChange={(roles) => set(licenseId.licenseIdNumber, roles, licenseId.enterpriseStyle)}
          onCopy={() =>
            setCopied({ from: licenseId.licenseIdNumber, roles: [...(value[licenseId.licenseIdNumber] ?? [])] })
          }
          onPaste={() => copied && set(licenseId.licenseIdNumber, copied.roles, licenseId.enterpriseStyle)}
        />
      ))}
    </div>
  );
}

type LicenseIdRolesProps = {
  licenseId: EditableLicenseId;
  roles: readonly VlRole[];
  error: string | undefined;
  canPaste: boolean;
  onChange: (roles: VlRole[]) => void;
  onCopy: () => void;
  onPaste: () => void;
};

function LicenseIdRoles({ licenseId, roles, error, canPaste, onChange, onCopy, onPaste }: LicenseIdRolesProps) {
  const t = useT();
  const styles = useStyles();
  const invoiceHintId = useId();
  const errorId = useId();
  const inherited = licenseId.inheritedRoles ?? [];
  const blocked = invoiceReaderBlocked([...roles, ...inherited], licenseId.enterpriseStyle);
  const number = licenseId.licenseIdNumber;

  return (
    <fieldset className={styles.group} aria-describedby={error ? errorId : undefined}>
      <legend className={styles.legend}>
        {t('roleEditor.legend', {
          licenseId: number,
          organization: licenseId.organizationName,
          program: licenseId.programName,
        })}
      </legend>
      {vlRoleOrder.map((role) => {
        const isInherited = inherited.includes(role);
        const isBlocked = role === 'invoice-reader' && blocked && !isInherited;
        return (
          <div key={role}>
            <Checkbox
              label={
                <>
                  {t(`vlRoles.${role}`)}
                  {isInherited && (
                    <>
                      {' '}
                      <Badge appearance="tint" color="informative">
                        {t('roleEditor.inherited')}
                      </Badge>
                    </>
                  )}
                </>
              }
              checked={isInherited || roles.includes(role)}
              disabled={isInherited || isBlocked}
              aria-describedby={isBlocked ? invoiceHintId : undefined}
              onChange={(_e, data) =>
                onChange(data.checked === true ? [...roles, role] : roles.filter((held) => held !== role))
              }
            />
            {isBlocked && (
              <Text id={invoiceHintId} as="p" block size={200} className={styles.hint}>
                {t('roleEditor.invoiceReaderBlocked', { program: licenseId.programName })}
              </Text>
            )}
          </div>
        );
      })}
      {inherited.length > 0 && (
        <Text as="p" block size={200} className={styles.muted}>
          {t('roleEditor.inheritedHint')}
        </Text>
      )}
      {error && (
        <Text id={errorId} block role="alert" className={styles.error}>
          {error}
        </Text>
      )}
      <div className={styles.actions}>
        <Button
          size="small"
          icon={<Copy20Regular />}
          aria-label={t('roleEditor.copyLabel', { licenseId: number })}
          onClick={onCopy}
        >
          {t('roleEditor.copy')}
        </Button>
        <Button
          size="small"
          icon={<ClipboardPaste20Regular />}
          aria-label={t('roleEditor.pasteLabel', { licenseId: number })}
          disabledFocusable={!canPaste}
          onClick={onPaste}
        >
          {t('roleEditor.paste')}
        </Button>
      </div>
    </fieldset>
  );
}
