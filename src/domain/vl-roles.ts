// The seven VL roles (SPEC §4) and what each lets its holder do, per License ID — as DATA: one table, read by pure
// functions. Handlers ask `capabilitiesOf` / `hasCapability`; nothing else in the code decides what a role allows.
// Also the onboarding defaults: which agreement contact gets which role when a License ID is created.

/** Role ids as stored in vl_role_assignments.role (the schema's check constraint lists the same seven). */
export const VL_ROLES = [
  'administrator',
  'license-position-reader',
  'product-download-manager',
  'product-keys-reader',
  'benefits-reader',
  'online-services-manager',
  'invoice-reader',
] as const;
export type VlRole = (typeof VL_ROLES)[number];

export const isVlRole = (value: string): value is VlRole => (VL_ROLES as readonly string[]).includes(value);

/** What a VL role can allow on one License ID. */
export const VL_CAPABILITIES = [
  /** see the contract in the contracts list */
  'contract.list',
  /** the contract's detail tabs (offerings, contacts, tenants) */
  'contract.details',
  'contract.orders',
  'license-summary',
  /** view, copy and export product keys */
  'keys.view',
  'software.download',
  'software-assurance.benefits',
  'online-services.activate',
  'invoices.view',
  'vl-users.manage',
] as const;
export type VlCapability = (typeof VL_CAPABILITIES)[number];

/** ✔ always; – never; `enterprise` only on enterprise-style programs. */
type Grant = 'yes' | 'no' | 'enterprise';
type Row = readonly [Grant, Grant, Grant, Grant, Grant, Grant, Grant];

// prettier-ignore
/**
 * SPEC §4, row for row. Columns in VL_ROLES order:
 *   administrator | license position reader | product download manager | product keys reader | benefits reader |
 *   online services manager | invoice reader
 */
export const CAPABILITY_MATRIX: Readonly<Record<VlCapability, Row>> = {
  'contract.list':               ['yes',        'yes', 'yes', 'yes', 'yes', 'yes', 'yes'],
  'contract.details':            ['yes',        'yes', 'no',  'no',  'no',  'no',  'no' ],
  'contract.orders':             ['yes',        'yes', 'no',  'no',  'no',  'yes', 'no' ],
  'license-summary':             ['yes',        'yes', 'no',  'no',  'no',  'no',  'no' ],
  'keys.view':                   ['yes',        'no',  'no',  'yes', 'no',  'no',  'no' ],
  'software.download':           ['yes',        'no',  'yes', 'no',  'no',  'no',  'no' ],
  'software-assurance.benefits': ['yes',        'no',  'no',  'no',  'yes', 'no',  'no' ],
  'online-services.activate':    ['yes',        'no',  'no',  'yes', 'no',  'yes', 'no' ],
  'invoices.view':               ['enterprise', 'no',  'no',  'no',  'no',  'no',  'yes'],
  'vl-users.manage':             ['yes',        'no',  'no',  'no',  'no',  'no',  'no' ],
};

export type ProgramTraits = { enterpriseStyle: boolean };

function grants(grant: Grant, program: ProgramTraits): boolean {
  return grant === 'yes' || (grant === 'enterprise' && program.enterpriseStyle);
}

/** Everything the given roles (held on one License ID of a program with these traits) allow, in matrix order. */
export function capabilitiesOf(roles: Iterable<string>, program: ProgramTraits): VlCapability[] {
  const columns = [...new Set(roles)].map((r) => VL_ROLES.indexOf(r as VlRole)).filter((i) => i >= 0);
  return VL_CAPABILITIES.filter((capability) =>
    columns.some((column) => grants(CAPABILITY_MATRIX[capability][column]!, program)),
  );
}

/** The roles that allow `capability` on a License ID of a program with these traits (for filters written in SQL). */
export function rolesGranting(capability: VlCapability, program: ProgramTraits): VlRole[] {
  return VL_ROLES.filter((_, column) => grants(CAPABILITY_MATRIX[capability][column]!, program));
}

export function hasCapability(roles: Iterable<string>, capability: VlCapability, program: ProgramTraits): boolean {
  return capabilitiesOf(roles, program).includes(capability);
}

// ---------------------------------------------------------------- onboarding defaults

/** The eight agreement contact kinds (SPEC §3), as stored in agreement_contacts.kind. */
export const CONTACT_KINDS = [
  'primary',
  'notices',
  'online-administrator',
  'software-assurance-manager',
  'online-services-manager',
  'subscriptions-manager',
  'bill-to',
  'signatory',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/**
 * The roles a contact gets from being listed on a new License ID (SPEC §4 "Default administrator", "Invoice reader"):
 *   non-enterprise programs — Primary and Notices: administrator; Bill To: invoice reader;
 *   enterprise-style programs — Notices and Online Services Manager: administrator.
 */
export function defaultRolesOfContact(kind: ContactKind, program: ProgramTraits): VlRole[] {
  if (program.enterpriseStyle) {
    return kind === 'notices' || kind === 'online-services-manager' ? ['administrator'] : [];
  }
  if (kind === 'primary' || kind === 'notices') return ['administrator'];
  if (kind === 'bill-to') return ['invoice-reader'];
  return [];
}

/**
 * The roles one business e-mail gets from all the contact kinds it is listed under on one License ID. On
 * non-enterprise programs invoice reader cannot be given to an administrator (SPEC §4): the administrator role wins.
 */
export function defaultRolesOfContacts(kinds: Iterable<ContactKind>, program: ProgramTraits): VlRole[] {
  const roles = new Set<VlRole>();
  for (const kind of kinds) for (const role of defaultRolesOfContact(kind, program)) roles.add(role);
  return normalizeRoles(roles, program);
}

/** Removes duplicates and combinations the rules forbid, in VL_ROLES order. */
export function normalizeRoles(roles: Iterable<VlRole>, program: ProgramTraits): VlRole[] {
  const set = new Set(roles);
  if (!program.enterpriseStyle && set.has('administrator')) set.delete('invoice-reader');
  return VL_ROLES.filter((r) => set.has(r));
}

/** Why a set of roles may not be held together on one License ID, or null when it may. */
export function roleSetProblem(roles: Iterable<VlRole>, program: ProgramTraits): string | null {
  const set = new Set(roles);
  if (!program.enterpriseStyle && set.has('administrator') && set.has('invoice-reader')) {
    return 'On this program the invoice reader role cannot be given to an administrator.';
  }
  return null;
}
