// The role matrix is SPEC §4 as data; these tests read the spec's table back out of it, so a slip in one cell fails.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capabilitiesOf,
  CONTACT_KINDS,
  defaultRolesOfContact,
  defaultRolesOfContacts,
  hasCapability,
  normalizeRoles,
  roleSetProblem,
  rolesGranting,
  VL_CAPABILITIES,
  VL_ROLES,
  type VlCapability,
  type VlRole,
} from '../../src/domain/vl-roles.js';

const ENTERPRISE = { enterpriseStyle: true };
const OTHER = { enterpriseStyle: false };

// SPEC §4 transcribed independently of the code: capability → roles that have it (on both program kinds).
const SPEC: Record<VlCapability, VlRole[]> = {
  'contract.list': [...VL_ROLES],
  'contract.details': ['administrator', 'license-position-reader'],
  'contract.orders': ['administrator', 'license-position-reader', 'online-services-manager'],
  'license-summary': ['administrator', 'license-position-reader'],
  'keys.view': ['administrator', 'product-keys-reader'],
  'software.download': ['administrator', 'product-download-manager'],
  'software-assurance.benefits': ['administrator', 'benefits-reader'],
  'online-services.activate': ['administrator', 'product-keys-reader', 'online-services-manager'],
  'invoices.view': ['invoice-reader'],
  'vl-users.manage': ['administrator'],
};

describe('capabilitiesOf', () => {
  it('gives each single role exactly its SPEC §4 column (non-enterprise program)', () => {
    for (const role of VL_ROLES) {
      const expected = VL_CAPABILITIES.filter((c) => SPEC[c].includes(role));
      expect(capabilitiesOf([role], OTHER), role).toEqual(expected);
    }
  });

  it('lets administrators see invoices on enterprise-style programs only', () => {
    expect(hasCapability(['administrator'], 'invoices.view', ENTERPRISE)).toBe(true);
    expect(hasCapability(['administrator'], 'invoices.view', OTHER)).toBe(false);
    expect(hasCapability(['invoice-reader'], 'invoices.view', OTHER)).toBe(true);
    expect(hasCapability(['invoice-reader'], 'invoices.view', ENTERPRISE)).toBe(true);
  });

  it('names, per capability and program kind, exactly the roles that have it (what SQL filters use)', () => {
    for (const capability of VL_CAPABILITIES)
      for (const program of [ENTERPRISE, OTHER])
        expect(rolesGranting(capability, program), `${capability} ${program.enterpriseStyle}`).toEqual(
          VL_ROLES.filter((role) => hasCapability([role], capability, program)),
        );
    expect(rolesGranting('license-summary', OTHER)).toEqual(SPEC['license-summary']);
    expect(rolesGranting('invoices.view', ENTERPRISE)).toEqual(['administrator', 'invoice-reader']);
    expect(rolesGranting('invoices.view', OTHER)).toEqual(['invoice-reader']);
  });

  it('is deny by default: no roles, unknown roles → nothing', () => {
    expect(capabilitiesOf([], OTHER)).toEqual([]);
    expect(capabilitiesOf(['global-administrator', 'operator', ''], ENTERPRISE)).toEqual([]);
  });

  it('is additive: the capabilities of a set are the union of each role’s (property)', () => {
    fc.assert(
      fc.property(fc.subarray([...VL_ROLES]), fc.boolean(), (roles, enterpriseStyle) => {
        const program = { enterpriseStyle };
        const union = new Set(roles.flatMap((r) => capabilitiesOf([r], program)));
        expect(new Set(capabilitiesOf(roles, program))).toEqual(union);
        // Duplicates change nothing.
        expect(capabilitiesOf([...roles, ...roles], program)).toEqual(capabilitiesOf(roles, program));
      }),
    );
  });

  it('gives every role at least the contract in the list', () => {
    for (const role of VL_ROLES) expect(hasCapability([role], 'contract.list', ENTERPRISE)).toBe(true);
  });
});

describe('default roles of agreement contacts', () => {
  it('non-enterprise: Primary and Notices administer, Bill To reads invoices, others get nothing', () => {
    const byKind = Object.fromEntries(CONTACT_KINDS.map((k) => [k, defaultRolesOfContact(k, OTHER)]));
    expect(byKind).toEqual({
      primary: ['administrator'],
      notices: ['administrator'],
      'online-administrator': [],
      'software-assurance-manager': [],
      'online-services-manager': [],
      'subscriptions-manager': [],
      'bill-to': ['invoice-reader'],
      signatory: [],
    });
  });

  it('enterprise-style: Notices and the Online Services Manager administer, nobody else (not Bill To)', () => {
    const byKind = Object.fromEntries(CONTACT_KINDS.map((k) => [k, defaultRolesOfContact(k, ENTERPRISE)]));
    expect(byKind).toEqual({
      primary: [],
      notices: ['administrator'],
      'online-administrator': [],
      'software-assurance-manager': [],
      'online-services-manager': ['administrator'],
      'subscriptions-manager': [],
      'bill-to': [],
      signatory: [],
    });
  });

  it('merges the kinds one e-mail is listed under; an administrator is never also invoice reader (non-enterprise)', () => {
    expect(defaultRolesOfContacts(['bill-to'], OTHER)).toEqual(['invoice-reader']);
    expect(defaultRolesOfContacts(['primary', 'bill-to', 'notices'], OTHER)).toEqual(['administrator']);
    expect(defaultRolesOfContacts(['signatory', 'online-administrator'], OTHER)).toEqual([]);
    expect(defaultRolesOfContacts(['notices', 'online-services-manager', 'bill-to'], ENTERPRISE)).toEqual([
      'administrator',
    ]);
  });

  it('normalizeRoles and roleSetProblem agree on the invoice-reader rule', () => {
    expect(normalizeRoles(['invoice-reader', 'administrator', 'administrator'], OTHER)).toEqual(['administrator']);
    expect(normalizeRoles(['invoice-reader', 'administrator'], ENTERPRISE)).toEqual([
      'administrator',
      'invoice-reader',
    ]);
    expect(roleSetProblem(['administrator', 'invoice-reader'], OTHER)).toMatch(/invoice reader/);
    expect(roleSetProblem(['administrator', 'invoice-reader'], ENTERPRISE)).toBeNull();
    fc.assert(
      fc.property(fc.subarray([...VL_ROLES]), fc.boolean(), (roles, enterpriseStyle) => {
        expect(roleSetProblem(normalizeRoles(roles, { enterpriseStyle }), { enterpriseStyle })).toBeNull();
      }),
    );
  });
});
