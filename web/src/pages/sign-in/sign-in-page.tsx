import {
  Body1,
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiProblem } from '../../api/client';
import { useMe, useSignIn } from '../../api/session';
import { useDocumentTitle } from '../../components/document-title';
import { PublicFrame } from '../../components/frames';
import { problemMessage } from '../../components/problem-message';
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

  if (me.data) return <Navigate to={next} replace />;

  const fieldError = (name: string) =>
    // The server names body fields `body.<name>` (where the value came from, then its name).
    isApiProblem(signIn.error)
      ? signIn.error.fields.find((field) => field.name === name || field.name === `body.${name}`)?.message
      : undefined;
  const loginError = submitted && login.trim() === '' ? t('signIn.loginRequired') : fieldError('login');
  const passwordError = submitted && password === '' ? t('signIn.passwordRequired') : fieldError('password');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    // Enter in a field submits even while the button is only aria-disabled.
    if (signIn.isPending) return;
    if (login.trim() === '' || password === '') return;
    signIn.mutate({ login: login.trim(), password }, { onSuccess: () => void navigate(next, { replace: true }) });
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
      </Card>
    </PublicFrame>
  );
}
