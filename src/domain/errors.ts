// One error type for every refusal the application makes on purpose. The HTTP layer turns it into an
// RFC 9457 problem+json with the stable `code`; anything else becomes a generic 500 with no internals.

export type ProblemField = { name: string; message: string };

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
