// The role-assignment routes' refusals, said in the user's language: what happened and what to do. Anything else
// falls back to the server's own text (problemMessage).
import { isApiProblem } from '../../api/client';
import { problemMessage } from '../../components/problem-message';
import type { MessageKey, Translate } from '../../i18n/i18n';

const known: Record<string, MessageKey> = {
  'vl_users.external_confirmation_required': 'vlProblems.externalConfirmationRequired',
  'vl_users.unknown_sign_in_id': 'vlProblems.unknownSignInId',
  'vl_users.role_conflict': 'vlProblems.roleConflict',
  'vl_users.last_administrator': 'vlProblems.lastAdministrator',
  'license_id.not_found': 'vlProblems.licenseIdNotFound',
  'vl_users.not_found': 'vlProblems.userNotFound',
};

export function vlProblemMessage(error: unknown, t: Translate, params: Record<string, string> = {}): string {
  if (isApiProblem(error)) {
    const key = known[error.code];
    if (key) return t(key, params);
  }
  return problemMessage(error, t);
}

/**
 * The server names an assignment's field `body.assignments.<index>.<name>`: the messages per License ID number, for
 * the assignments sent in `numbers` order.
 */
export function assignmentErrors(error: unknown, numbers: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isApiProblem(error)) return errors;
  for (const field of error.fields) {
    const match = /^(?:body\.)?assignments\.(\d+)(?:\.|$)/.exec(field.name);
    const number = match ? numbers[Number(match[1])] : undefined;
    if (number !== undefined) errors[number] = errors[number] ? `${errors[number]} ${field.message}` : field.message;
  }
  return errors;
}
