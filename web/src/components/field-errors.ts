import { isApiProblem } from '../api/client';

/**
 * The message the server gave for one input, if any. The server names body fields `body.<name>` (where the value
 * came from, then its name) and query fields `querystring.<name>`.
 */
export function fieldError(error: unknown, name: string): string | undefined {
  if (!isApiProblem(error)) return undefined;
  return error.fields.find(
    (field) => field.name === name || field.name === `body.${name}` || field.name === `querystring.${name}`,
  )?.message;
}

/** The problem's code, or undefined when the error is not a problem answer. */
export function problemCode(error: unknown): string | undefined {
  return isApiProblem(error) ? error.code : undefined;
}
