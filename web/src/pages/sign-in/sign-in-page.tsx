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
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useMe, useSignIn } from '../../api/session';
import { useDocumentTitle } from '../../components/document-title';
import { fieldError } from '../../components/field-errors';
import { PublicFrame } from '../../components/frames';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { safeNextPath } from '../../components/session-routes';
import { useT } from '../../i18n/i18n';

const useStyles = makeStyles({
  card: {
    width: '100%',
    maxWidth: '440px',
    padding: tokens.spacingHorizontalXXL,
    gap: tokens.spacingVerticalL,
  },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', justifyContent: 'flex-end' },
});

export function SignInPage() {
  const t = useT();
  const styles = useStyles();
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  useDocumentTitle(t('signIn.title'));
  // What kind of directory the address belongs to, to guide people who cannot (or cannot yet) sign in here.
  // It answers from the domain only, so it says nothing about whether this mailbox has an account.
  const realm = useMutation({
    mutationFn: (email: string) => call(api.GET('/api/v1/realm', { params: { query: { email } } })),
  });
  const lookUpRealm = () => {
    const email = login.trim();
    if (!email.includes('@') || realm.isPending || realm.variables === email) return;
    realm.mutate(email);
  };
  const guidance = realm.data && realm.variables === login.trim() ? realm.data : null;

  if (me.data) return <Navigate to={next} replace />;

  const loginError =
    submitted && login.trim() === '' ? t('signIn.loginRequired') : fieldError(signIn.error, 'login', t);
  const passwordError =
    submitted && password === '' ? t('signIn.passwordRequired') : fieldError(signIn.error, 'password', t);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    // Enter in a field submits even while the button is only aria-disabled.
    if (signIn.isPending) return;
    if (login.trim() === '' || password === '') return;
    signIn.mutate(
      { login: login.trim(), password },
      { onSuccess: () => void navigate(next, { replace: true }), onError: lookUpRealm },
    );
  };

  return (
    <PublicFrame>
      <Card className={styles.card}>
        <Title2 as="h1" className={styles.heading}>
          {t('signIn.title')}
        </Title2>
        <Body1>{t('signIn.intro')}</Body1>
        {signIn.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(signIn.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        {guidance?.kind === 'personal' && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signIn.personalTitle')}</MessageBarTitle>
              {t('signIn.personalText', { domain: guidance.domain })}{' '}
              <RouterLink to="/sign-up" inline>
                {t('signIn.personalLink')}
              </RouterLink>
            </MessageBarBody>
          </MessageBar>
        )}
        {guidance?.kind === 'unmanaged' && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('signIn.unmanagedTitle', { domain: guidance.domain })}</MessageBarTitle>
              {t('signIn.unmanagedText', { domain: guidance.domain })}{' '}
              {/* The wizard needs a signed-in member: this link comes back here and continues after sign-in. */}
              <RouterLink to={`/takeover?domain=${encodeURIComponent(guidance.domain)}`} inline>
                {t('signIn.unmanagedLink', { domain: guidance.domain })}
              </RouterLink>
            </MessageBarBody>
          </MessageBar>
        )}
        {guidance?.kind === 'none' && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              {t('signIn.noneText', { domain: guidance.domain })}{' '}
              <RouterLink to="/sign-up" inline>
                {t('signIn.signUpLink')}
              </RouterLink>
            </MessageBarBody>
          </MessageBar>
        )}
        {/* noValidate: the browser's own bubbles are not translated and not announced consistently. */}
        <form className={styles.form} onSubmit={onSubmit} noValidate>
          <Field
            label={t('signIn.login')}
            required
            validationState={loginError ? 'error' : 'none'}
            validationMessage={loginError}
          >
            <Input
              type="email"
              name="login"
              autoComplete="username"
              placeholder={t('signIn.loginPlaceholder')}
              value={login}
              onChange={(_event, data) => setLogin(data.value)}
              onBlur={lookUpRealm}
            />
          </Field>
          <Field
            label={t('signIn.password')}
            required
            validationState={passwordError ? 'error' : 'none'}
            validationMessage={passwordError}
          >
            <Input
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(_event, data) => setPassword(data.value)}
            />
          </Field>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabledFocusable={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </div>
        </form>
        <Body1>
          {t('signIn.noAccount')}{' '}
          <RouterLink to="/sign-up" inline>
            {t('signIn.signUpLink')}
          </RouterLink>
        </Body1>
        <Body1>
          <RouterLink to="/contact-support" inline>
            {t('contactSupport.link')}
          </RouterLink>
        </Body1>
      </Card>
    </PublicFrame>
  );
}
