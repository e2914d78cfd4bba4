import { isApiProblem, type ApiProblem } from '../api/client';
import type { MessageKey, Translate } from '../i18n/i18n';

// The refusals the web app can meet, by their stable code: said in the user's language, with what happened and what
// to do. A code not listed here is shown with the server's own (English) `detail`.
const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  internal: 'problems.internal',
  rate_limited: 'errors.rateLimited',
  'auth.required': 'problems.signInRequired',
  'auth.invalid_credentials': 'problems.invalidCredentials',
  'auth.locked': 'problems.signInLocked',
  'csrf.token_invalid': 'problems.sessionNotConfirmed',
  'csrf.origin_mismatch': 'problems.otherSite',
  'password.too_weak': 'problems.passwordTooWeak',
  // Sign-up and the contact form prove an address with an e-mailed code: `<purpose>.code_invalid` / `.code_expired`.
  'sign_up.code_invalid': 'problems.codeInvalid',
  'sign_up.code_expired': 'problems.codeExpired',
  'contact.code_invalid': 'problems.codeInvalid',
  'contact.code_expired': 'problems.codeExpired',
  'sign_up.consumer_domain': 'problems.consumerDomain',
  'sign_up.reserved_domain': 'problems.reservedDomain',
  'sign_up.domain_managed': 'problems.domainManaged',
  'sign_up.exists': 'problems.accountExists',
  'tenant.initial_name_taken': 'problems.initialNameTaken',
  'invitation.not_found': 'problems.invitationNotFound',
  'registration.personal_account': 'invitation.personalText',
  'registration.unmanaged_tenant': 'invitation.unmanagedText',
  'registration.other_cloud': 'problems.otherCloud',
  'registration.organization_not_approved': 'problems.organizationNotApproved',
  'registration.invitation_expired': 'problems.invitationExpired',
  'registration.invitation_revoked': 'problems.invitationRevoked',
  'registration.invitation_void': 'problems.invitationVoid',
  'registration.invitation_redeemed': 'problems.invitationRedeemed',
  'registration.identity_mismatch': 'problems.identityMismatch',
  'license_id.not_found': 'problems.licenseIdNotFound',
  'vl_users.external_confirmation_required': 'vlProblems.externalConfirmationRequired',
  'vl_users.unknown_sign_in_id': 'vlProblems.unknownSignInId',
  'vl_users.role_conflict': 'vlProblems.roleConflict',
  'vl_users.last_administrator': 'vlProblems.lastAdministrator',
  'vl_users.not_found': 'vlProblems.userNotFound',
  'vl_users.not_an_administrator': 'problems.notAnAdministrator',
  'vl_users.no_open_invitation': 'problems.noOpenInvitation',
  'vl_users.import_roles_enterprise_only': 'problems.importRolesEnterpriseOnly',
  'vl_users.parent_agreement_not_found': 'problems.parentAgreementNotFound',
  'support.license_id_not_visible': 'support.licenseIdNotVisible',
  'support.invalid_transition': 'problems.invalidTransition',
  'support_request.not_found': 'problems.supportRequestNotFound',
  'vl_profile_request.already_pending': 'problems.profileRequestPending',
  'vl_profile_request.already_decided': 'problems.profileRequestDecided',
  'vl_profile_request.not_found': 'problems.profileRequestNotFound',
  'vl_profile_request.precheck_failed': 'problems.precheckFailed',
  'vl_profile_request.old_sign_in_required': 'problems.oldSignInRequired',
  'vl_profile_request.old_sign_in_not_for_create': 'problems.oldSignInNotForCreate',
  'vl_profile_request.same_identity': 'problems.sameIdentity',
  'download.link_expired': 'problems.downloadLinkExpired',
  'download.link_invalid': 'problems.downloadLinkInvalid',
  'download.not_allowed': 'problems.downloadNotAllowed',
  'download_file.not_found': 'problems.downloadFileNotFound',
  'download_file.missing': 'problems.downloadFileMissing',
  'product.not_found': 'problems.productNotFound',
  'product_key.not_found': 'problems.productKeyNotFound',
  'license_summary.report_not_found': 'problems.summaryReportNotFound',
  'audit.not_allowed': 'problems.auditNotAllowed',
  'access_check.account_not_found': 'problems.accountNotFound',
  'notification.not_found': 'problems.notificationNotFound',
  'tenant_user.exists': 'problems.userNameTaken',
  'tenant_user.last_global_admin': 'problems.lastGlobalAdmin',
  'partner.pcn_taken': 'problems.partnerPcnTaken',
  'program.id_taken': 'problems.programIdTaken',
  'program.in_use': 'problems.programInUse',
  'takeover.undo_expired': 'problems.takeoverUndoExpired',
  'takeover.already_undone': 'problems.takeoverAlreadyUndone',
  'takeover.changed': 'problems.takeoverChanged',
  'takeover.not_found': 'problems.takeoverNotFound',
  'domain.invalid': 'problems.domainInvalid',
  'domain.exists': 'problems.domainExists',
  'domain.not_found': 'problems.domainNotFound',
  'email.invalid': 'problems.emailInvalid',
  'tenant_user.not_found': 'problems.tenantUserNotFound',
  'tenant.not_found': 'problems.tenantNotFound',
  'organization.not_found': 'problems.organizationNotFound',
  'partner.not_found': 'problems.partnerNotFound',
  'program.not_found': 'problems.programNotFound',
  'partner_token.not_found': 'problems.partnerTokenNotFound',
  'cursor.invalid': 'problems.cursorInvalid',
  'request.too_large': 'problems.requestTooLarge',
  // These name a domain: the page passes it as `{ domain }`.
  'domain.consumer': 'problems.domainConsumer',
  'domain.reserved': 'problems.domainReserved',
  'domain.initial': 'problems.domainInitial',
  'domain.in_use': 'problems.domainInUse',
  'domain.limit_reached': 'problems.domainLimitReached',
  'domain.verified_elsewhere': 'problems.domainVerifiedElsewhere',
  'domain.takeover_required': 'problems.domainTakeoverRequired',
  'takeover.other_cloud': 'problems.takeoverOtherCloud',
  'takeover.not_unmanaged': 'problems.takeoverNotUnmanaged',
  'takeover.nothing_to_take_over': 'problems.takeoverNothingToTakeOver',
  'takeover.not_a_member': 'problems.takeoverNotAMember',
  'takeover.not_global_admin': 'problems.takeoverNotGlobalAdmin',
  'takeover.challenge_required': 'problems.takeoverChallengeRequired',
  'tenant_user.domain_not_verified': 'problems.tenantUserDomainNotVerified',
};

type Params = Record<string, string | number>;

/**
 * What to tell a person about a failed call, in their language: the message for the problem's code when there is
 * one, else the server's own `detail`. A message's placeholders come from the problem's extension members,
 * `{seconds}` from Retry-After, and `params` (what the page knows, e.g. `{ email }`); a message that would still
 * lack one of them gives way to the server's text.
 */
export function problemMessage(error: unknown, t: Translate, params: Params = {}): string {
  if (isApiProblem(error)) {
    if (error.status === 0) return t('errors.network');
    const key = PROBLEM_MESSAGES[error.code];
    if (key) {
      const text = t(key, { ...problemParams(error), ...params });
      if (!/\{\w+\}/.test(text)) return text;
    }
    if (error.detail) return error.detail;
    if (error.status === 429 && error.retryAfter !== undefined) {
      return t('errors.rateLimited', { seconds: error.retryAfter });
    }
  }
  return t('errors.generic');
}

function problemParams(problem: ApiProblem): Params {
  const params: Params = {};
  for (const [name, value] of Object.entries(problem.extensions)) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
  }
  if (problem.retryAfter !== undefined) params['seconds'] = problem.retryAfter;
  return params;
}
