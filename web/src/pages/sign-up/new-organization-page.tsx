import {
  Body1,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title2,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { useMe } from '../../api/session';
import { CopyValue } from '../../components/copy-value';
import { useDocumentTitle } from '../../components/document-title';
import { fieldError } from '../../components/field-errors';
import { PublicFrame } from '../../components/frames';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { useAdoptSession, useSignUpStyles } from './sign-up-page';

export function NewOrganizationPage() {
  const t = useT();
  const styles = useSignUpStyles();
  const me = useMe();
  const adopt = useAdoptSession();
  const navigate = useNavigate();
  useDocumentTitle(t('newOrg.title'));
  const [organizationName, setOrganizationName] = useState('');
  const [initialName, setInitialName] = useState('');
  const [adminDisplayName, setAdminDisplayName] = useState('');
  const [adminUserName, setAdminUserName] = useState('admin');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/tenants', {
          body: {
            organizationName: organizationName.trim(),
            initialName: initialName.trim(),
            adminUserName: adminUserName.trim(),
            adminDisplayName: adminDisplayName.trim(),
            password,
          },
        }),
      ),
  });

  // Signed in already (and not by this form): the form is for someone without an account here.
  if (me.data && !create.isSuccess && !create.isPending) return <Navigate to="/" replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!create.isPending) create.mutate();
  };
  const err = (name: string) => fieldError(create.error, name, t);

  if (create.isSuccess) {
    const created = create.data;
    return (
      <PublicFrame>
        <Card className={styles.card}>
          <Title2 as="h1" className={styles.heading}>
            {t('newOrg.createdTitle', { name: created.tenant.displayName })}
          </Title2>
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('newOrg.writeDown', { signInName: created.signInName })}</MessageBarTitle>
              {t('newOrg.writeDownText')}
            </MessageBarBody>
          </MessageBar>
          <CopyValue label={t('newOrg.signInId')} value={created.signInName} />
          <Body1>{t('newOrg.addDomain', { initialDomain: created.tenant.initialDomain })}</Body1>
          <div className={styles.actions}>
            <Button
              appearance="primary"
              onClick={() => {
                adopt(created.me);
                void navigate('/domains', { replace: true });
              }}
            >
              {t('newOrg.continue')}
            </Button>
          </div>
        </Card>
      </PublicFrame>
    );
  }

  return (
    <PublicFrame>
      <Card className={styles.card}>
        <Title2 as="h1" className={styles.heading}>
          {t('newOrg.title')}
        </Title2>
        <Body1>{t('newOrg.intro')}</Body1>
        {create.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(create.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <form className={styles.form} onSubmit={onSubmit} noValidate>
          <Field label={t('newOrg.organizationName')} required validationMessage={err('organizationName')}>
            <Input
              autoComplete="organization"
              value={organizationName}
              onChange={(_e, data) => setOrganizationName(data.value)}
            />
          </Field>
          <Field
            label={t('newOrg.initialName')}
            hint={t('newOrg.initialNameHint')}
            required
            validationMessage={err('initialName')}
          >
            <Input value={initialName} onChange={(_e, data) => setInitialName(data.value.toLowerCase())} />
          </Field>
          <Field label={t('newOrg.adminDisplayName')} required validationMessage={err('adminDisplayName')}>
            <Input
              autoComplete="name"
              value={adminDisplayName}
              onChange={(_e, data) => setAdminDisplayName(data.value)}
            />
          </Field>
          <Field
            label={t('users.userName')}
            hint={t('users.userNameHint')}
            required
            validationMessage={err('adminUserName')}
          >
            <Input value={adminUserName} onChange={(_e, data) => setAdminUserName(data.value)} />
          </Field>
          <Field
            label={t('signIn.password')}
            hint={t('signUp.passwordHint')}
            required
            validationMessage={err('password')}
          >
            <Input
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(_e, data) => setPassword(data.value)}
            />
          </Field>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
              {t('newOrg.submit')}
            </Button>
          </div>
        </form>
        <Body1>
          <RouterLink to="/sign-up" inline>
            {t('newOrg.backToSignUp')}
          </RouterLink>
        </Body1>
      </Card>
    </PublicFrame>
  );
}
