import type { VlRole } from '../../api/onboarding';
import type { Translate } from '../../i18n/i18n';

/** The translated names of VL roles, comma-separated, in the order given. */
export function roleNames(roles: readonly VlRole[], t: Translate): string {
  return roles.map((role) => t(`vlRoles.${role}`)).join(', ');
}
