// The Subject and Description fields of a new support request, shared by the New request page and the public
// Contact support form: each says "Fill this in." once the form was sent empty, or what the server said about it.
import { Field, Input, Textarea } from '@fluentui/react-components';
import { fieldError } from '../../components/field-errors';
import { useT } from '../../i18n/i18n';

/** What the person writes: the request's subject line and its description, as typed (trim before sending). */
export interface SupportMessageDraft {
  subject: string;
  description: string;
}

export const EMPTY_SUPPORT_MESSAGE: SupportMessageDraft = { subject: '', description: '' };

export function SupportMessageFields({
  value,
  onChange,
  submitted,
  error,
  descriptionRows,
}: {
  value: SupportMessageDraft;
  onChange: (value: SupportMessageDraft) => void;
  /** The form was sent at least once: an empty field says so. */
  submitted: boolean;
  /** The submit mutation's error: what it says about `subject` or `description` is shown at that field. */
  error: unknown;
  descriptionRows: number;
}) {
  const t = useT();
  const missing = (text: string) => (submitted && text.trim() === '' ? t('support.required') : undefined);
  return (
    <>
      <Field
        label={t('support.subjectLabel')}
        hint={t('support.subjectHint')}
        required
        validationMessage={missing(value.subject) ?? fieldError(error, 'subject', t)}
      >
        <Input
          value={value.subject}
          maxLength={200}
          onChange={(_e, data) => onChange({ ...value, subject: data.value })}
        />
      </Field>
      <Field
        label={t('support.descriptionLabel')}
        hint={t('support.descriptionHint')}
        required
        validationMessage={missing(value.description) ?? fieldError(error, 'description', t)}
      >
        <Textarea
          value={value.description}
          rows={descriptionRows}
          maxLength={10000}
          resize="vertical"
          onChange={(_e, data) => onChange({ ...value, description: data.value })}
        />
      </Field>
    </>
  );
}
