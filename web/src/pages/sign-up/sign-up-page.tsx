import {
  Body1,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, call, setCsrfToken, type Me } from '../../api/client';
import { meQueryKey, useMe } from '../../api/session';
import { useDocumentTitle } from '../../components/document-title';
import { fieldError, problemCode } from '../../components/field-errors';
import { PublicFrame } from '../../components/frames';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';

export const useSignUpStyles = makeStyles({
  card: { width: '100%', maxWidth: '480px', padding: tokens.spacingHorizontalXXL, gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', justifyContent: 'flex-end', gap: tokens.spacingHorizontalM },
});

/** Signed in by the answer: remember the session the way sign-in does. */
export function useAdoptSession() {
  const queryClient = useQueryClient();
  return (me: Me) => {
    setCsrfToken(me.csrfToken);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData<Me | null>(meQueryKey, me);
  };
}

type Kind = 'work' | 'personal';

export function SignUpPage() {
  const t = useT();
  const styles = useSignUpStyles();
  const me = useMe();
  const navigate = useNavigate();
  const adopt = useAdoptSession();
  useDocumentTitle(t('signUp.title'));

  const [kind, setKind] = useState<Kind>('work');
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');

  const sendCode = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/sign-up/code', { body: { email: email.trim() } })),
  });
  const signUp = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/auth/sign-up', {
          body: {
            kind,
            email: email.trim(),
            password,
            displayName: displayName.trim(),
            ...(kind === 'work' ? { code: code.trim() } : {}),
          },
        }),
      ),
    onSuccess: (answer) => {
      adopt(answer);
      void navigate('/', { replace: true });
    },
  });

  if (me.data && !signUp.isSuccess) return <Navigate to="/" replace />;

  const codeSent = kind === 'work' && sendCode.isSuccess;
  const showDetails = kind === 'personal' || codeSent;
  const refusal = problemCode(sendCode.error) ?? problemCode(signUp.error);

  const chooseKind = (next: Kind) => {
    setKind(next);
    sendCode.reset();
    signUp.reset();
  };

  const onSendCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!sendCode.isPending && email.trim() !== '') sendCode.mutate();
  };
  const onSignUp = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!signUp.isPending) signUp.mutate();
  };

  const emailError = fieldError(sendCode.error, 'email', t) ?? fieldError(signUp.error, 'email', t);
  const error = signUp.error ?? sendCode.error;

  return (
    <PublicFrame>
      <Card className={styles.card}>
        <Title2 as="h1" className={styles.heading}>
          {t('signUp.title')}
        </Title2>
        <Field label={t('signUp.kindLabel')}>
          <RadioGroup value={kind} onChange={(_e, data) => chooseKind(data.value as Kind)}>
            <Radio value="work" label={t('signUp.work')} />
            <Radio value="personal" label={t('signUp.personal')} />
          </RadioGroup>
        </Field>
        <Body1>{kind === 'work' ? t('signUp.workIntro') : t('signUp.personalIntro')}</Body1>
        {refusal === 'sign_up.consumer_domain' ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signUp.consumerTitle')}</MessageBarTitle>
              {problemMessage(error, t)}
            </MessageBarBody>
            <MessageBarActions>
              <Button onClick={() => chooseKind('personal')}>{t('signUp.usePersonal')}</Button>
            </MessageBarActions>
          </MessageBar>
        ) : refusal === 'sign_up.domain_managed' ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signUp.managedTitle')}</MessageBarTitle>
              {problemMessage(error, t)} {t('signUp.managedText')}
            </MessageBarBody>
          </MessageBar>
        ) : (
          error && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{problemMessage(error, t)}</MessageBarBody>
            </MessageBar>
          )
        )}
        {codeSent && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t('signUp.codeSent', { email: sendCode.data.sentTo })}</MessageBarBody>
          </MessageBar>
        )}
        {kind === 'work' && !codeSent && (
          <form className={styles.form} onSubmit={onSendCode} noValidate>
            <Field
              label={t('signUp.workEmail')}
              required
              validationState={emailError ? 'error' : 'none'}
              validationMessage={emailError}
            >
              <Input type="email" autoComplete="email" value={email} onChange={(_e, data) => setEmail(data.value)} />
            </Field>
            <div className={styles.actions}>
              <Button type="submit" appearance="primary" disabledFocusable={sendCode.isPending}>
                {t('signUp.sendCode')}
              </Button>
            </div>
          </form>
        )}
        {showDetails && (
          <form className={styles.form} onSubmit={onSignUp} noValidate>
            {kind === 'personal' ? (
              <Field
                label={t('signUp.email')}
                required
                validationState={emailError ? 'error' : 'none'}
                validationMessage={emailError}
              >
                <Input type="email" autoComplete="email" value={email} onChange={(_e, data) => setEmail(data.value)} />
              </Field>
            ) : (
              <Field
                label={t('signUp.code')}
                hint={t('signUp.codeHint')}
                required
                validationMessage={fieldError(signUp.error, 'code', t)}
              >
                <Input
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  value={code}
                  onChange={(_e, data) => setCode(data.value.replace(/\D/g, ''))}
                />
              </Field>
            )}
            <Field
              label={t('signUp.displayName')}
              required
              validationMessage={fieldError(signUp.error, 'displayName', t)}
            >
              <Input autoComplete="name" value={displayName} onChange={(_e, data) => setDisplayName(data.value)} />
            </Field>
            <Field
              label={t('signIn.password')}
              hint={t('signUp.passwordHint')}
              required
              validationMessage={fieldError(signUp.error, 'password', t)}
            >
              <Input
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(_e, data) => setPassword(data.value)}
              />
            </Field>
            <div className={styles.actions}>
              {codeSent && <Button onClick={() => sendCode.reset()}>{t('takeover.back')}</Button>}
              <Button type="submit" appearance="primary" disabledFocusable={signUp.isPending}>
                {t('signUp.submit')}
              </Button>
            </div>
          </form>
        )}
        <Body1>
          {t('signUp.newOrganization')}{' '}
          <RouterLink to="/sign-up/organization" inline>
            {t('signUp.newOrganizationLink')}
          </RouterLink>
        </Body1>
        <Body1>
          {t('signUp.haveAccount')}{' '}
          <RouterLink to="/sign-in" inline>
            {t('signIn.submit')}
          </RouterLink>
        </Body1>
      </Card>
    </PublicFrame>
  );
}
