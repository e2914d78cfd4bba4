import {
  Body1,
  Button,
  Card,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Text,
  Toast,
  ToastBody,
  ToastTitle,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { isApiProblem } from '../../api/client';
import {
  isRedeemRefusal,
  useInvitation,
  useRedeemInvitation,
  type InvitationLanding,
  type RedeemRefusal,
} from '../../api/onboarding';
import { useMe, useSignOut } from '../../api/session';
import { toasterId } from '../../components/notifications';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useI18n, useT, type Translate } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  heading: { margin: 0 },
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground2 },
});

export function InvitationPage() {
  const t = useT();
  const styles = useStyles();
  const token = useParams().token ?? '';
  const invitation = useInvitation(token);

  let content: ReactNode;
  if (invitation.data) content = <InvitationBody token={token} invitation={invitation.data} />;
  else if (invitation.isError && isApiProblem(invitation.error) && invitation.error.status === 404) {
    content = (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('invitation.notFoundTitle')}</MessageBarTitle>
          {t('invitation.notFoundText')}
        </MessageBarBody>
      </MessageBar>
    );
  } else if (invitation.isError) {
    content = <LoadError error={invitation.error} onRetry={() => void invitation.refetch()} />;
  } else content = <Loading />;

  return (
    <div className={styles.body}>
      <PageHeader title={t('invitation.title')} intro={t('invitation.intro')} />
      {content}
    </div>
  );
}

function InvitationBody({ token, invitation }: { token: string; invitation: InvitationLanding }) {
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  const me = useMe().data;
  const navigate = useNavigate();
  const redeem = useRedeemInvitation(token);
  const { dispatchToast } = useToastController(toasterId);
  const here = `/invitations/${encodeURIComponent(token)}`;

  const onConfirm = () =>
    redeem.mutate(undefined, {
      onSuccess: (registration) => {
        dispatchToast(
          <Toast>
            <ToastTitle>{t('invitation.successTitle')}</ToastTitle>
            <ToastBody>{t('invitation.success', { licenseId: registration.licenseIdNumber })}</ToastBody>
          </Toast>,
          { intent: 'success' },
        );
        void navigate('/volume-licensing');
      },
    });

  const expires = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(invitation.expiresAt));
  const landingRefusal = stateExplanation(invitation, t);

  return (
    <>
      <Card>
        <Subtitle1 as="h2" className={styles.heading}>
          {t('invitation.detailsHeading')}
        </Subtitle1>
        <dl className={styles.details}>
          <Detail term={t('invitation.organization')} value={invitation.organizationName} />
          <Detail term={t('invitation.licenseId')} value={invitation.licenseIdNumber} />
          <Detail term={t('invitation.program')} value={invitation.programName} />
          <Detail term={t('invitation.roles')} value={roleNames(invitation.roles, t)} />
          <Detail term={t('invitation.businessEmail')} value={invitation.businessEmailMasked} />
          <Detail term={t('invitation.expires')} value={expires} />
        </dl>
      </Card>

      {landingRefusal ? (
        landingRefusal
      ) : !me ? (
        <section className={styles.body} aria-labelledby="invitation-sign-in">
          <Subtitle1 as="h2" id="invitation-sign-in" className={styles.heading}>
            {t('invitation.signInHeading')}
          </Subtitle1>
          <Body1>{t('invitation.signInText')}</Body1>
          <div className={styles.actions}>
            <RouterLink to={`/sign-in?next=${encodeURIComponent(here)}`}>{t('invitation.signInLink')}</RouterLink>
          </div>
        </section>
      ) : (
        <section className={styles.body} aria-labelledby="invitation-confirm">
          <Subtitle1 as="h2" id="invitation-confirm" className={styles.heading}>
            {t('invitation.confirmHeading')}
          </Subtitle1>
          <Text weight="semibold">{t('invitation.signedInAs', { name: me.account.signInName })}</Text>
          <Body1 className={styles.muted}>
            {t('invitation.confirmText', { licenseId: invitation.licenseIdNumber })}
          </Body1>
          {redeem.isError && <RedeemError error={redeem.error} invitation={invitation} here={here} />}
          {!redeem.isError && (
            <div className={styles.actions}>
              <Button appearance="primary" onClick={onConfirm} disabled={redeem.isPending}>
                {redeem.isPending ? t('invitation.confirming') : t('invitation.confirm')}
              </Button>
              {redeem.isPending && <Spinner size="tiny" aria-hidden />}
            </div>
          )}
        </section>
      )}
    </>
  );
}

function Detail({ term, value }: { term: string; value: string }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  );
}

/** Before any click: an invitation that cannot be redeemed says so, and what to do instead. */
function stateExplanation(invitation: InvitationLanding, t: Translate): ReactNode {
  const askAdmin = t('invitation.askAdminText', { licenseId: invitation.licenseIdNumber });
  switch (invitation.state) {
    case 'expired':
      return <Refusal title={t('invitation.expiredTitle')} text={askAdmin} support />;
    case 'revoked':
      return <Refusal title={t('invitation.revokedTitle')} text={askAdmin} support />;
    case 'void':
      return <Refusal title={t('invitation.voidTitle')} text={askAdmin} support />;
    case 'redeemed':
      return (
        <Refusal title={t('invitation.redeemedTitle')} text={t('invitation.redeemedText')}>
          <RouterLink to="/volume-licensing">{t('invitation.goVolumeLicensing')}</RouterLink>
        </Refusal>
      );
    case 'pending':
      if (!invitation.organizationApproved) {
        return (
          <Refusal
            title={t('invitation.notApprovedTitle')}
            text={t('invitation.notApprovedText', { organization: invitation.organizationName })}
          />
        );
      }
      return null;
  }
}

function RedeemError({ error, invitation, here }: { error: unknown; invitation: InvitationLanding; here: string }) {
  const t = useT();
  if (!isRedeemRefusal(error)) {
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{problemMessage(error, t)}</MessageBarBody>
      </MessageBar>
    );
  }
  return <RefusalExplanation refusal={error} invitation={invitation} here={here} />;
}

function RefusalExplanation({
  refusal,
  invitation,
  here,
}: {
  refusal: RedeemRefusal;
  invitation: InvitationLanding;
  here: string;
}) {
  const t = useT();
  const askAdmin = t('invitation.askAdminText', { licenseId: invitation.licenseIdNumber });
  switch (refusal.code) {
    case 'registration.personal_account':
      return (
        <Refusal title={t('invitation.personalTitle')} text={t('invitation.personalText')}>
          <SignOutAgain here={here} />
        </Refusal>
      );
    case 'registration.unmanaged_tenant': {
      const domain = refusal.domain ?? '';
      return (
        <Refusal title={t('invitation.unmanagedTitle', { domain })} text={t('invitation.unmanagedText', { domain })}>
          <RouterLink to={`/takeover?domain=${encodeURIComponent(domain)}`}>
            {t('invitation.unmanagedLink', { domain })}
          </RouterLink>
          <RouterLink to="/support">{t('invitation.askSupport')}</RouterLink>
        </Refusal>
      );
    }
    case 'registration.other_cloud':
      return (
        <Refusal title={t('invitation.otherCloudTitle')} text={t('invitation.otherCloudText')}>
          {refusal.signInUrl && (
            <Link href={refusal.signInUrl}>{t('invitation.otherCloudLink', { url: refusal.signInUrl })}</Link>
          )}
        </Refusal>
      );
    case 'registration.organization_not_approved':
      return (
        <Refusal
          title={t('invitation.notApprovedTitle')}
          text={t('invitation.notApprovedText', { organization: invitation.organizationName })}
        />
      );
    case 'registration.invitation_expired':
      return <Refusal title={t('invitation.expiredTitle')} text={askAdmin} support />;
    case 'registration.invitation_revoked':
      return <Refusal title={t('invitation.revokedTitle')} text={askAdmin} support />;
    case 'registration.invitation_void':
      return <Refusal title={t('invitation.voidTitle')} text={askAdmin} support />;
    case 'registration.invitation_redeemed':
      return refusal.redeemedByYou ? (
        <Refusal title={t('invitation.redeemedByYouTitle')} text={t('invitation.redeemedByYouText')} intent="info">
          <RouterLink to="/volume-licensing">{t('invitation.goVolumeLicensing')}</RouterLink>
        </Refusal>
      ) : (
        <Refusal title={t('invitation.redeemedTitle')} text={t('invitation.redeemedOtherText')} />
      );
    case 'registration.identity_mismatch': {
      const id = refusal.boundSignInId ?? '';
      return (
        <Refusal title={t('invitation.mismatchTitle')} text={t('invitation.mismatchText', { id })} support>
          <SignOutAgain here={here} />
          {/* Can no longer use that ID: ask for the profile to be moved to this one. */}
          <RouterLink to="/volume-licensing/vl-profile-request?kind=rebind">{t('vlProfileRequest.title')}</RouterLink>
        </Refusal>
      );
    }
    default:
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(refusal, t)}</MessageBarBody>
        </MessageBar>
      );
  }
}

function Refusal({
  title,
  text,
  support,
  intent = 'warning',
  children,
}: {
  title: string;
  text: string;
  support?: boolean;
  intent?: 'warning' | 'info';
  children?: ReactNode;
}) {
  const t = useT();
  const styles = useStyles();
  return (
    <>
      <MessageBar intent={intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          {text}
        </MessageBarBody>
      </MessageBar>
      {(children || support) && (
        <div className={styles.actions}>
          {children}
          {support && <RouterLink to="/support">{t('invitation.askSupport')}</RouterLink>}
        </div>
      )}
      <RouterLink to="/volume-licensing/access-check">{t('accessCheck.title')}</RouterLink>
    </>
  );
}

/** Signs out and opens the sign-in page, which brings the person back to this invitation. */
function SignOutAgain({ here }: { here: string }) {
  const t = useT();
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <Button
      appearance="primary"
      disabled={signOut.isPending}
      // Signing out re-renders this page in the public frame, so the follow-up must not depend on it staying mounted.
      onClick={() =>
        void signOut
          .mutateAsync()
          .catch(() => undefined)
          .then(() => navigate(`/sign-in?next=${encodeURIComponent(here)}`))
      }
    >
      {t('invitation.signOutAndSignIn')}
    </Button>
  );
}
