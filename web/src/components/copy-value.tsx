import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark20Regular, Copy20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n';
import { useVisuallyHiddenClass } from './visually-hidden';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  input: { flexGrow: 1, minWidth: 0, fontFamily: tokens.fontFamilyMonospace },
});

/** A read-only value (a TXT record, a password, a sign-in ID) with a labelled field and a Copy button beside it. */
export function CopyValue({ label, value }: { label: string; value: string }) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    // The clipboard can be unavailable (no permission, plain http); the value stays selectable in the field.
    void navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <Field label={label}>
      <div className={styles.row}>
        <Input className={styles.input} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <Button
          icon={copied ? <Checkmark20Regular /> : <Copy20Regular />}
          aria-label={t('copy.button', { item: label })}
          onClick={copy}
        >
          {copied ? t('copy.copied') : t('copy.copy')}
        </Button>
        {/* The button's new text is not announced by itself; this polite region says that the copy worked. */}
        <span className={hidden} aria-live="polite">
          {copied ? t('copy.announcement', { item: label }) : ''}
        </span>
      </div>
    </Field>
  );
}
