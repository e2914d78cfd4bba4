import { isApiProblem, type FieldRule, type ProblemField } from '../api/client';
import type { MessageKey, Translate } from '../i18n/i18n';

// What is wrong with one input, said in the user's language: the server names each offending field with a stable
// `rule` (and a `limit` where it has one). Every rule the API can send is listed here — the type makes a new one a
// compile error until it has its message.
const FIELD_RULE_MESSAGES: Record<FieldRule, MessageKey> = {
  required: 'fieldRules.required',
  unknown: 'fieldRules.unknown',
  type: 'fieldRules.invalid',
  pattern: 'fieldRules.pattern',
  too_short: 'fieldRules.tooShort',
  too_long: 'fieldRules.tooLong',
  too_few: 'fieldRules.tooFew',
  too_many: 'fieldRules.tooMany',
  too_small: 'fieldRules.tooSmall',
  too_large: 'fieldRules.tooLarge',
  not_allowed: 'fieldRules.notAllowed',
  duplicate: 'fieldRules.duplicate',
  email_invalid: 'fieldRules.emailInvalid',
  date_invalid: 'fieldRules.dateInvalid',
  id_invalid: 'fieldRules.invalid',
  invalid: 'fieldRules.invalid',
  code_expired: 'fieldRules.codeExpired',
  code_incorrect: 'fieldRules.codeIncorrect',
  cursor_invalid: 'fieldRules.cursorInvalid',
  country_invalid: 'fieldRules.countryInvalid',
  before_start_date: 'fieldRules.beforeStartDate',
  program_unknown: 'fieldRules.programUnknown',
  other_organization: 'fieldRules.otherOrganization',
  idempotency_key_reused: 'fieldRules.invalid',
  consumer_domain: 'fieldRules.consumerDomain',
  reserved_domain: 'fieldRules.reservedDomain',
  domain_invalid: 'fieldRules.domainInvalid',
  domain_not_verified: 'fieldRules.domainNotVerified',
  under_initial_domain: 'fieldRules.underInitialDomain',
  not_for_personal: 'fieldRules.notForPersonal',
  license_id_unknown: 'fieldRules.licenseIdUnknown',
  same_license_id: 'fieldRules.sameLicenseId',
  parent_agreement_unknown: 'fieldRules.parentAgreementUnknown',
  unknown_sign_in_id: 'fieldRules.unknownSignInId',
  confirmation_required: 'fieldRules.confirmationRequired',
  second_contact: 'fieldRules.secondContact',
  key_type_unknown: 'fieldRules.keyTypeUnknown',
  not_without_key: 'fieldRules.notWithoutKey',
  either_or: 'fieldRules.eitherOr',
  password_is_email: 'fieldRules.passwordIsEmail',
  only_for_rebind: 'fieldRules.onlyForRebind',
  same_sign_in_id: 'fieldRules.sameSignInId',
  sign_in_name_invalid: 'fieldRules.signInNameInvalid',
  roles_invalid: 'fieldRules.rolesInvalid',
};

/** One problem field's message in the user's language. */
export function fieldMessage(field: ProblemField, t: Translate): string {
  // A rule this build does not know (a newer server) falls back to the server's English text.
  const key = field.rule === undefined ? undefined : FIELD_RULE_MESSAGES[field.rule];
  if (!key) return field.message;
  return t(key, field.limit === undefined ? undefined : { limit: field.limit });
}

/**
 * What the server found wrong with one input, if anything, in the user's language. The server names body fields
 * `body.<name>` (where the value came from, then its name) and query fields `querystring.<name>`.
 */
export function fieldError(error: unknown, name: string, t: Translate): string | undefined {
  if (!isApiProblem(error)) return undefined;
  const field = error.fields.find(
    (f) => f.name === name || f.name === `body.${name}` || f.name === `querystring.${name}`,
  );
  return field && fieldMessage(field, t);
}

/** For an input that holds a list: the server names an entry `body.<name>.<index>`; the first entry's message. */
export function listFieldError(error: unknown, name: string, t: Translate): string | undefined {
  if (!isApiProblem(error)) return undefined;
  const field = error.fields.find((f) => f.name === `body.${name}` || f.name.startsWith(`body.${name}.`));
  return field && fieldMessage(field, t);
}

/** The problem's code, or undefined when the error is not a problem answer. */
export function problemCode(error: unknown): string | undefined {
  return isApiProblem(error) ? error.code : undefined;
}
