// The seven VL roles as the pages show them, and the one rule the roles editor enforces before the server does.
import type { VlRole } from '../../api/onboarding';

/** SPEC §4's column order: the order every page lists roles in. */
export const vlRoleOrder: readonly VlRole[] = [
  'administrator',
  'license-position-reader',
  'product-download-manager',
  'product-keys-reader',
  'benefits-reader',
  'online-services-manager',
  'invoice-reader',
];

/** Invoice reader cannot be given to an administrator on a non-enterprise program (the Bill To contact gets it). */
export function invoiceReaderBlocked(roles: readonly VlRole[], enterpriseStyle: boolean): boolean {
  return !enterpriseStyle && roles.includes('administrator');
}

/** The roles in SPEC order, without duplicates and without what the rule above forbids. */
export function normalizeRoles(roles: readonly VlRole[], enterpriseStyle: boolean): VlRole[] {
  const blocked = invoiceReaderBlocked(roles, enterpriseStyle);
  return vlRoleOrder.filter((role) => roles.includes(role) && !(blocked && role === 'invoice-reader'));
}

export function sameRoles(a: readonly VlRole[], b: readonly VlRole[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
