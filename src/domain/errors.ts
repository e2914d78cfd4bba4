// One error type for every refusal the application makes on purpose. The HTTP layer turns it into an
// RFC 9457 problem+json with the stable `code`; anything else becomes a generic 500 with no internals.

/**
 * One offending input: `name` says where (`body.email`, `querystring.cursor`), `message` what is wrong in English, and
 * `rule` the same as a stable code a client can say in its own language (`required`, `too_long` with `limit`,
 * `email_invalid`, `consumer_domain`, …: FIELD_RULES lists them all).
 */
export type ProblemField = { name: string; message: string; rule: FieldRule; limit?: number };

/**
 * Every rule a problem field can name: a published vocabulary (the OpenAPI Problem schema lists it), translated by the
 * web app (`web/src/components/field-errors.ts`). The first group comes from schema validation (see
 * `schemaViolationField`), the rest from the services' own checks.
 */
export const FIELD_RULES = [
  // schema validation
  'required',
  'unknown',
  'type',
  'pattern',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'too_large',
  'not_allowed',
  'duplicate',
  'email_invalid',
  'date_invalid',
  'id_invalid',
  'invalid',
  // the services' checks
  'code_expired',
  'code_incorrect',
  'cursor_invalid',
  'country_invalid',
  'before_start_date',
  'program_unknown',
  'other_organization',
  'idempotency_key_reused',
  'consumer_domain',
  'reserved_domain',
  'domain_invalid',
  'domain_not_verified',
  'under_initial_domain',
  'not_for_personal',
  'license_id_unknown',
  'same_license_id',
  'parent_agreement_unknown',
  'unknown_sign_in_id',
  'confirmation_required',
  'second_contact',
  'key_type_unknown',
  'not_without_key',
  'either_or',
  'password_is_email',
  'only_for_rebind',
  'same_sign_in_id',
  'sign_in_name_invalid',
  'roles_invalid',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export class AppError extends Error {
  constructor(
    readonly status: number,
    /** stable, dotted, machine-readable: e.g. `registration.personal_account` */
    readonly code: string,
    /** says what happened and what to do next */
    message: string,
    readonly extra: { fields?: ProblemField[]; retryAfterSeconds?: number; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const unauthorized = (message = 'Sign in to continue.') => new AppError(401, 'auth.required', message);

/** Also the answer for resources the caller may not see: a 404 never confirms that something exists. */
export const notFound = (code = 'not_found', message = 'Nothing was found at this address.') =>
  new AppError(404, code, message);

export const badRequest = (code: string, message: string, fields?: ProblemField[]) =>
  new AppError(400, code, message, fields ? { fields } : {});
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
