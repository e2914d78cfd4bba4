import {
  Badge,
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import {
  useCreatePartner,
  useIssueToken,
  usePartner,
  usePartners,
  usePartnerTokens,
  useRevokeToken,
  type IssuedPartnerToken,
  type Partner,
  type PartnerToken,
} from '../../api/operator-agreements';
import { CopyValue } from '../../components/copy-value';
import { DataTable } from '../../components/data-table';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useT } from '../../i18n/i18n';
import { OperatorNav } from './operator-nav';
import { OperatorOnly, useDate } from './operator-pages';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '32rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0 },
});

export function OperatorPartnersPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorAgreements.partnersTitle')}>
      <PartnerList />
    </OperatorOnly>
  );
}

function PartnerList() {
  const t = useT();
  const styles = useStyles();
  const partners = usePartners();

  return (
    <div className={styles.body}>
      <PageHeader title={t('operatorAgreements.partnersTitle')} intro={t('operatorAgreements.partnersIntro')} />
      <OperatorNav />
      <PagedTable
        pages={partners}
        label={t('operatorAgreements.partnersTable')}
        columns={[
          t('operatorAgreements.name'),
          t('operatorAgreements.pcn'),
          t('operatorAgreements.notificationEmail'),
          t('operatorAgreements.activeTokens'),
          t('operatorAgreements.created'),
        ]}
        empty={t('operatorAgreements.noPartners')}
        row={(partner) => <PartnerRow key={partner.id} partner={partner} />}
      />
      <CreatePartnerForm />
    </div>
  );
}

function PartnerRow({ partner }: { partner: Partner }) {
  const date = useDate();
  return (
    <TableRow>
      <TableCell>
        <RouterLink to={`/operator/partners/${partner.id}`}>{partner.name}</RouterLink>
      </TableCell>
      <TableCell>{partner.pcn}</TableCell>
      <TableCell>{partner.notificationEmail}</TableCell>
      <TableCell>{partner.activeTokenCount}</TableCell>
      <TableCell>{date(partner.createdAt)}</TableCell>
    </TableRow>
  );
}

function CreatePartnerForm() {
  const t = useT();
  const styles = useStyles();
  const create = useCreatePartner();
  const [name, setName] = useState('');
  const [pcn, setPcn] = useState('');
  const [notificationEmail, setNotificationEmail] = useState('');
  const [created, setCreated] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { name: name.trim(), pcn: pcn.trim(), notificationEmail: notificationEmail.trim() },
      {
        onSuccess: (partner) => {
          setCreated(partner.name);
          setName('');
          setPcn('');
          setNotificationEmail('');
        },
      },
    );
  };

  return (
    <section aria-labelledby="create-partner-heading" className={styles.body}>
      <Subtitle1 as="h2" id="create-partner-heading" className={styles.heading}>
        {t('operatorAgreements.createPartner')}
      </Subtitle1>
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field label={t('operatorAgreements.name')} required validationMessage={fieldError(create.error, 'name', t)}>
          <Input value={name} onChange={(_e, data) => setName(data.value)} />
        </Field>
        <Field
          label={t('operatorAgreements.pcn')}
          hint={t('operatorAgreements.pcnHint')}
          required
          validationMessage={fieldError(create.error, 'pcn', t)}
        >
          <Input value={pcn} onChange={(_e, data) => setPcn(data.value)} />
        </Field>
        <Field
          label={t('operatorAgreements.notificationEmail')}
          required
          validationMessage={fieldError(create.error, 'notificationEmail', t)}
        >
          <Input type="email" value={notificationEmail} onChange={(_e, data) => setNotificationEmail(data.value)} />
        </Field>
        {create.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(create.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        {created && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t('operatorAgreements.partnerCreated', { name: created })}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
            {t('operatorAgreements.createPartnerButton')}
          </Button>
        </div>
      </form>
    </section>
  );
}

export function OperatorPartnerPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorAgreements.partnerTitle')}>
      <PartnerDetail />
    </OperatorOnly>
  );
}

function PartnerDetail() {
  const t = useT();
  const styles = useStyles();
  const date = useDate();
  const id = useParams().id ?? '';
  const partnerQuery = usePartner(id);
  const tokenList = usePartnerTokens(id);
  const partner = partnerQuery.data;

  if (partnerQuery.isPending || tokenList.isPending) return <Loading />;
  if (tokenList.isError || partnerQuery.isError) {
    return (
      <>
        <PageHeader title={t('operatorAgreements.partnerTitle')} />
        <LoadError
          error={tokenList.error ?? partnerQuery.error}
          onRetry={() => {
            void partnerQuery.refetch();
            void tokenList.refetch();
          }}
        />
      </>
    );
  }
  return (
    <div className={styles.body}>
      <PageHeader title={partner?.name ?? t('operatorAgreements.partnerTitle')} />
      <OperatorNav />
      <RouterLink to="/operator/partners">{t('operatorAgreements.backToPartners')}</RouterLink>
      {partner && (
        <dl className={styles.facts}>
          <dt className={styles.term}>{t('operatorAgreements.pcn')}</dt>
          <dd className={styles.definition}>{partner.pcn}</dd>
          <dt className={styles.term}>{t('operatorAgreements.notificationEmail')}</dt>
          <dd className={styles.definition}>{partner.notificationEmail}</dd>
          <dt className={styles.term}>{t('operatorAgreements.created')}</dt>
          <dd className={styles.definition}>{date(partner.createdAt)}</dd>
        </dl>
      )}
      <Subtitle1 as="h2" className={styles.heading}>
        {t('operatorAgreements.tokens')}
      </Subtitle1>
      <IssueToken partnerId={id} />
      {tokenList.data.length === 0 ? (
        <Body1>{t('operatorAgreements.noTokens')}</Body1>
      ) : (
        <DataTable
          label={t('operatorAgreements.tokens')}
          columns={[
            t('operatorAgreements.tokenName'),
            t('operatorAgreements.prefix'),
            t('operatorAgreements.created'),
            t('operatorAgreements.lastUsed'),
            t('operatorAgreements.revoked'),
            t('operatorAgreements.actions'),
          ]}
        >
          {tokenList.data.map((token) => (
            <TokenRow key={token.id} partnerId={id} token={token} />
          ))}
        </DataTable>
      )}
    </div>
  );
}

function IssueToken({ partnerId }: { partnerId: string }) {
  const t = useT();
  const styles = useStyles();
  const issue = useIssueToken(partnerId);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedPartnerToken | null>(null);

  return (
    <>
      {issued && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody className={styles.form}>
            <MessageBarTitle>{t('operatorAgreements.tokenOnceTitle')}</MessageBarTitle>
            {t('operatorAgreements.tokenOnceText')}
            <CopyValue label={t('operatorAgreements.tokenValue', { name: issued.name })} value={issued.token} />
            <div className={styles.actions}>
              <Button onClick={() => setIssued(null)}>{t('operatorAgreements.tokenDone')}</Button>
            </div>
          </MessageBarBody>
        </MessageBar>
      )}
      <form
        className={styles.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          issue.mutate(name.trim(), {
            onSuccess: (token) => {
              setIssued(token);
              setName('');
            },
          });
        }}
      >
        <Field
          label={t('operatorAgreements.tokenName')}
          hint={t('operatorAgreements.tokenNameHint')}
          required
          validationMessage={fieldError(issue.error, 'name', t)}
        >
          <Input value={name} onChange={(_e, data) => setName(data.value)} />
        </Field>
        {issue.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(issue.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabledFocusable={issue.isPending}>
            {t('operatorAgreements.createToken')}
          </Button>
        </div>
      </form>
    </>
  );
}

function TokenRow({ partnerId, token }: { partnerId: string; token: PartnerToken }) {
  const t = useT();
  const styles = useStyles();
  const date = useDate();
  const revoke = useRevokeToken(partnerId);
  const [confirming, setConfirming] = useState(false);
  return (
    <TableRow>
      <TableCell>{token.name}</TableCell>
      <TableCell>
        <code>{token.prefix}</code>
      </TableCell>
      <TableCell>{date(token.createdAt)}</TableCell>
      <TableCell>{token.lastUsedAt ? date(token.lastUsedAt) : t('operatorAgreements.never')}</TableCell>
      <TableCell>
        {token.revokedAt ? (
          <Badge appearance="tint" color="danger">
            {t('operatorAgreements.revokedAt', { date: date(token.revokedAt) })}
          </Badge>
        ) : (
          <Badge appearance="tint" color="success">
            {t('operatorAgreements.active')}
          </Badge>
        )}
      </TableCell>
      <TableCell>
        {!token.revokedAt && (
          <Button
            size="small"
            aria-label={t('operatorAgreements.revokeNamed', { name: token.name })}
            onClick={() => {
              revoke.reset();
              setConfirming(true);
            }}
          >
            {t('operatorAgreements.revoke')}
          </Button>
        )}
        <Dialog open={confirming} onOpenChange={(_e, data) => setConfirming(data.open)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('operatorAgreements.revokeTitle', { name: token.name })}</DialogTitle>
              <DialogContent className={styles.form}>
                {t('operatorAgreements.revokeText')}
                {revoke.isError && (
                  <MessageBar intent="error" layout="multiline">
                    <MessageBarBody>{problemMessage(revoke.error, t)}</MessageBarBody>
                  </MessageBar>
                )}
              </DialogContent>
              <DialogActions>
                <Button
                  appearance="primary"
                  disabledFocusable={revoke.isPending}
                  onClick={() => revoke.mutate(token.id, { onSuccess: () => setConfirming(false) })}
                >
                  {t('operatorAgreements.revoke')}
                </Button>
                <Button onClick={() => setConfirming(false)}>{t('takeover.cancel')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </TableCell>
    </TableRow>
  );
}
