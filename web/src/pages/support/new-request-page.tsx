// A new Help & support request (SPEC §10): category, subject, description and, optionally, the License IDs it is
// about (only ones the person can see: the server answers 422 naming the entry otherwise).
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useOpenSupportRequest } from '../../api/support';
import { fieldError, listFieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { problemMessage } from '../../components/problem-message';
import { useI18n, useT } from '../../i18n/i18n';
import { EMPTY_SUPPORT_MESSAGE, SupportMessageFields } from './support-message-fields';
import { CategoryField, splitNumbers, type SupportCategoryValue } from './support-parts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '40rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export function NewSupportRequestPage() {
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  const navigate = useNavigate();
  const open = useOpenSupportRequest();
  const [category, setCategory] = useState<SupportCategoryValue | null>(null);
  const [message, setMessage] = useState(EMPTY_SUPPORT_MESSAGE);
  const [licenseIds, setLicenseIds] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const categoryError =
    submitted && category === null ? t('support.chooseCategory') : fieldError(open.error, 'category', t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const { subject, description } = message;
    if (category === null || subject.trim() === '' || description.trim() === '' || open.isPending) return;
    const numbers = splitNumbers(licenseIds);
    open.mutate(
      {
        category,
        subject: subject.trim(),
        description: description.trim(),
        ...(numbers.length > 0 ? { licenseIdNumbers: numbers } : {}),
        locale,
      },
      { onSuccess: (request) => void navigate(`/support/requests/${request.id}`) },
    );
  };

  return (
    <>
      <PageHeader title={t('support.newTitle')} intro={t('support.newIntro')} />
      <form className={styles.form} onSubmit={submit} noValidate>
        <CategoryField value={category} onChange={setCategory} error={categoryError} />
        <SupportMessageFields
          value={message}
          onChange={setMessage}
          submitted={submitted}
          error={open.error}
          descriptionRows={8}
        />
        <Field
          label={t('support.licenseIdsLabel')}
          hint={t('support.licenseIdsHint')}
          validationMessage={listFieldError(open.error, 'licenseIdNumbers', t)}
        >
          <Input value={licenseIds} onChange={(_e, data) => setLicenseIds(data.value)} />
        </Field>
        {open.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(open.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabledFocusable={open.isPending}>
            {t('support.submit')}
          </Button>
          <Button onClick={() => void navigate('/support')}>{t('support.cancel')}</Button>
        </div>
      </form>
    </>
  );
}
