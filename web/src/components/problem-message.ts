import { isApiProblem } from '../api/client';
import type { Translate } from '../i18n/i18n';

/** What to tell a person about a failed call: the server's own `detail` when it gave one. */
export function problemMessage(error: unknown, t: Translate): string {
  if (isApiProblem(error)) {
    if (error.status === 0) return t('errors.network');
    if (error.detail) return error.detail;
    if (error.status === 429 && error.retryAfter !== undefined) {
      return t('errors.rateLimited', { seconds: error.retryAfter });
    }
  }
  return t('errors.generic');
}
