import { Combobox, makeStyles, Option, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AdministeredLicenseId } from '../../api/vl-users';
import { useT } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';

/**
 * How many License IDs a list to choose from offers at once: an administrator of thousands finds the others by
 * typing, instead of scrolling through (and the browser drawing) thousands of them.
 */
const LICENSE_ID_CHOICES_SHOWN = 50;

/**
 * The License IDs of `licenseIds` whose number, organization or program contains what was typed, and the first of
 * them to draw.
 */
export function licenseIdChoices(licenseIds: readonly AdministeredLicenseId[], typed: string) {
  const find = typed.trim().toLowerCase();
  const matching = find
    ? licenseIds.filter((licenseId) =>
        [licenseId.licenseIdNumber, licenseId.organizationName, licenseId.programName].some((text) =>
          text.toLowerCase().includes(find),
        ),
      )
    : licenseIds;
  return { matching, listed: matching.slice(0, LICENSE_ID_CHOICES_SHOWN) };
}

const licenseIdLabel = (licenseId: AdministeredLicenseId) =>
  `${licenseId.licenseIdNumber} — ${licenseId.organizationName} (${licenseId.programName})`;

const useStyles = makeStyles({
  // Not a choice, so disabled; but a message to read, so not in the faint disabled colour.
  notice: { color: tokens.colorNeutralForeground2, cursor: 'default' },
});

type LicenseIdPickerProps = {
  licenseIds: readonly AdministeredLicenseId[];
  /** The chosen License ID's number; '' for `noneLabel`. */
  value: string;
  onChange: (licenseIdNumber: string) => void;
  /** The choice of none of them (e.g. "All License IDs"), offered first; without it one must be chosen. */
  noneLabel?: string;
};

/**
 * Choose one License ID by typing part of its number, organization or program: a combobox that lists the first
 * LICENSE_ID_CHOICES_SHOWN matches. Label it with the Field around it.
 */
export function LicenseIdPicker({ licenseIds, value, onChange, noneLabel }: LicenseIdPickerProps) {
  const t = useT();
  const formatNumber = useNumberFormat();
  const styles = useStyles();
  // What is typed while the list is open; null shows the choice made.
  const [typed, setTyped] = useState<string | null>(null);
  const chosen = licenseIds.find((licenseId) => licenseId.licenseIdNumber === value);
  const { matching, listed } = licenseIdChoices(licenseIds, typed ?? '');
  return (
    <Combobox
      value={typed ?? (chosen ? licenseIdLabel(chosen) : (noneLabel ?? ''))}
      selectedOptions={[value]}
      placeholder={t('licenseIdPicker.placeholder')}
      onChange={(event) => setTyped(event.target.value)}
      onOptionSelect={(_e, data) => {
        // Typing away from the choice made "clears" it (optionValue undefined): the choice stands until another is picked.
        if (data.optionValue === undefined) return;
        onChange(data.optionValue);
        setTyped(null);
      }}
      onOpenChange={(_e, data) => {
        if (!data.open) setTyped(null);
      }}
    >
      {noneLabel !== undefined && !typed?.trim() && <Option value="">{noneLabel}</Option>}
      {listed.map((licenseId) => (
        <Option key={licenseId.licenseIdNumber} value={licenseId.licenseIdNumber}>
          {licenseIdLabel(licenseId)}
        </Option>
      ))}
      {matching.length === 0 && (
        <Option disabled value="-none" className={styles.notice}>
          {t('licenseIdPicker.noMatch', { find: (typed ?? '').trim() })}
        </Option>
      )}
      {matching.length > listed.length && (
        <Option disabled value="-more" className={styles.notice}>
          {t('licenseIdPicker.more', {
            shown: formatNumber(listed.length),
            count: formatNumber(matching.length),
          })}
        </Option>
      )}
    </Combobox>
  );
}
