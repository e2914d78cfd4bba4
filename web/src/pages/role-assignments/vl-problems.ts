import { isApiProblem } from '../../api/client';
import { fieldMessage } from '../../components/field-errors';
import type { Translate } from '../../i18n/i18n';

/**
 * The server names an assignment's field `body.assignments.<index>.<name>`: the messages per License ID number, for
 * the assignments sent in `numbers` order.
 */
export function assignmentErrors(error: unknown, numbers: readonly string[], t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isApiProblem(error)) return errors;
  for (const field of error.fields) {
    const match = /^(?:body\.)?assignments\.(\d+)(?:\.|$)/.exec(field.name);
    const number = match ? numbers[Number(match[1])] : undefined;
    if (number === undefined) continue;
    const message = fieldMessage(field, t);
    errors[number] = errors[number] ? `${errors[number]} ${message}` : message;
  }
  return errors;
}
