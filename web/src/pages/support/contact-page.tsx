// "Contact support" for people who cannot sign in (SPEC §10): step 1 proves the e-mail address with a one-time code,
// step 2 sends the request with it. The request enters the operator queue; answers come by e-mail. Reachable from
// the sign-in page and the access check without an account.
import {
  Body1,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useRequestContactCode, useSubmitContactForm } from '../../api/support';
import { useDocumentTitle } from '../../components/document-title';
import { fieldError, listFieldError } from '../../components/field-errors';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useI18n, useT } from '../../i18n/i18n';
import { EMPTY_SUPPORT_MESSAGE, SupportMessageFields } from './support-message-fields';
import { CategoryField, splitNumbers, type SupportCategoryValue } from './support-parts';

const useStyles = makeStyles({
  card: { width: '100%', maxWidth: '560px', padding: tokens.spacingHorizontalXXL, gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalM },
});

export function ContactSupportPage() {
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  useDocumentTitle(t('contactSupport.title'));
  const sendCode = useRequestContactCode();
  const submitForm = useSubmitContactForm();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [category, setCategory] = useState<SupportCategoryValue | null>(null);
  const [message, setMessage] = useState(EMPTY_SUPPORT_MESSAGE);
  const [agreements, setAgreements] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const onSendCode = (event: FormEvent) => {
    event.preventDefault();
    if (sendCode.isPending) return;
    sendCode.mutate({ email: email.trim(), locale });
  };

  const missing = (value: string) => (submitted && value.trim() === '' ? t('support.required') : undefined);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!sendCode.data || submitForm.isPending) return;
    const { subject, description } = message;
    if ([code, name, subject, description].some((v) => v.trim() === '') || category === null) return;
    const numbers = splitNumbers(agreements);
    submitForm.mutate({
      email: sendCode.data.sentTo,
      code: code.trim(),
      name: name.trim(),
      category,
      subject: subject.trim(),
      description: description.trim(),
      ...(numbers.length > 0 ? { agreementNumbers: numbers } : {}),
      locale,
    });
  };

  const startOver = () => {
    sendCode.reset();
    submitForm.reset();
    setCode('');
    setSubmitted(false);
  };

  let content;
  if (submitForm.data && sendCode.data) {
    content = (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('contactSupport.sentTitle', { id: submitForm.data.id })}</MessageBarTitle>
          {t('contactSupport.sentText', { id: submitForm.data.id, email: sendCode.data.sentTo })}
        </MessageBarBody>
      </MessageBar>
    );
  } else if (!sendCode.data) {
    content = (
      <form className={styles.form} onSubmit={onSendCode} noValidate>
        <Field
          label={t('contactSupport.emailLabel')}
          hint={t('contactSupport.emailHint')}
          required
          validationMessage={fieldError(sendCode.error, 'email', t)}
        >
          <Input type="email" autoComplete="email" value={email} onChange={(_e, data) => setEmail(data.value)} />
        </Field>
        {sendCode.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(sendCode.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabledFocusable={sendCode.isPending}>
            {t('contactSupport.sendCode')}
          </Button>
        </div>
      </form>
    );
  } else {
    content = (
      <>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{t('contactSupport.codeSent', { email: sendCode.data.sentTo })}</MessageBarBody>
        </MessageBar>
        <form className={styles.form} onSubmit={onSubmit} noValidate>
          <Field
            label={t('contactSupport.codeLabel')}
            hint={t('contactSupport.codeHint')}
            required
            validationMessage={
              missing(code) ??
              (fieldError(submitForm.error, 'code', t) ? problemMessage(submitForm.error, t) : undefined)
            }
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={8}
              value={code}
              onChange={(_e, data) => setCode(data.value.replace(/\D/g, ''))}
            />
          </Field>
          <Field
            label={t('contactSupport.nameLabel')}
            required
            validationMessage={missing(name) ?? fieldError(submitForm.error, 'name', t)}
          >
            <Input autoComplete="name" value={name} onChange={(_e, data) => setName(data.value)} />
          </Field>
          <CategoryField
            value={category}
            onChange={setCategory}
            error={
              submitted && category === null ? t('support.chooseCategory') : fieldError(submitForm.error, 'category', t)
            }
          />
          <SupportMessageFields
            value={message}
            onChange={setMessage}
            submitted={submitted}
            error={submitForm.error}
            descriptionRows={6}
          />
          <Field
            label={t('contactSupport.agreementsLabel')}
            hint={t('contactSupport.agreementsHint')}
            validationMessage={listFieldError(submitForm.error, 'agreementNumbers', t)}
          >
            <Input value={agreements} onChange={(_e, data) => setAgreements(data.value)} />
          </Field>
          {/* A wrong or expired code is said at the code field; everything else here. */}
          {submitForm.isError && !fieldError(submitForm.error, 'code', t) && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{problemMessage(submitForm.error, t)}</MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button onClick={startOver}>{t('contactSupport.otherAddress')}</Button>
            <Button type="submit" appearance="primary" disabledFocusable={submitForm.isPending}>
              {t('contactSupport.submit')}
            </Button>
          </div>
        </form>
      </>
    );
  }

  return (
    <Card className={styles.card}>
      <Title2 as="h1" className={styles.heading}>
        {t('contactSupport.title')}
      </Title2>
      <Body1>{t('contactSupport.intro')}</Body1>
      {content}
      <RouterLink to="/sign-in">{t('contactSupport.signInLink')}</RouterLink>
    </Card>
  );
}
