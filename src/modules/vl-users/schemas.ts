// Request and response shapes of the VL administrators' pages (SPEC §6): role assignments, manage users, import
// roles, and every VL user's Preferences. Rules that need the database (which License IDs the caller administers,
// the last-administrator guard, enterprise-style programs) live in service.ts.
import { Type, type Static } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { VL_ROLES } from '../../domain/vl-roles.js';
import { AgreementNumber, EmailAddress, IsoDate, Timestamp } from '../agreements/schemas.js';

const VlRole = Type.Enum([...VL_ROLES]);
const LicenseIdStatus = Type.Enum(['active', 'expired', 'terminated']);

/** A License ID the caller administers: where they may assign roles. */
export const AdministeredLicenseId = Type.Object(
  {
    licenseIdNumber: Type.String(),
    organizationName: Type.String(),
    programId: Type.String(),
    programName: Type.String(),
    enterpriseStyle: Type.Boolean({ description: 'users are added by sign-in ID only; no invitations' }),
    parentAgreementNumber: Type.Union([Type.String(), Type.Null()]),
    cloud: Type.Enum([...CLOUDS]),
    endDate: IsoDate,
    status: LicenseIdStatus,
    inherited: Type.Boolean({
      description: 'administered only through inheritance from the parent agreement ("show inherited contracts")',
    }),
    administratorCount: Type.Integer({ description: 'direct and inherited administrators; 1 shows a warning' }),
  },
  { $id: 'AdministeredLicenseId' },
);

export const AdministeredLicenseIdList = Type.Object(
  { items: Type.Array(AdministeredLicenseId) },
  { $id: 'AdministeredLicenseIdList' },
);

export const UserLookupQuery = Type.Object({ email: EmailAddress }, { additionalProperties: false });

export const UserLookup = Type.Object(
  {
    email: Type.String(),
    match: Type.Enum(['vl-user', 'tenant-account', 'account', 'none'], {
      description:
        'vl-user: the address is the business e-mail of a registered VL user; tenant-account: an account of your ' +
        'tenant signs in with it (an internal user); account: a work account elsewhere signs in with it (can be ' +
        'added on enterprise-style programs by sign-in ID; on others it is invited like any external address); ' +
        'none: unknown (external user, invited; refused on enterprise-style programs)',
    }),
    internal: Type.Boolean(),
    displayName: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'UserLookup' },
);

export const RoleAssignmentInput = Type.Object(
  {
    licenseIdNumber: AgreementNumber,
    roles: Type.Array(VlRole, {
      maxItems: VL_ROLES.length,
      uniqueItems: true,
      description: 'the roles the user holds on this License ID afterwards; [] removes them all',
    }),
  },
  { additionalProperties: false },
);

export const AssignRolesBody = Type.Object(
  {
    email: EmailAddress,
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    confirmExternal: Type.Optional(
      Type.Boolean({ description: 'true to add an address nobody signs in with yet as an external user' }),
    ),
    assignments: Type.Array(RoleAssignmentInput, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type AssignRolesInput = Static<typeof AssignRolesBody>;

export const AssignmentOutcome = Type.Object({
  licenseIdNumber: Type.String(),
  before: Type.Array(VlRole),
  after: Type.Array(VlRole),
  action: Type.Enum(['unchanged', 'roles-changed', 'invitation-sent', 'invitation-updated', 'roles-removed']),
});

export const AssignRolesResult = Type.Object(
  { email: Type.String(), outcomes: Type.Array(AssignmentOutcome) },
  { $id: 'AssignRolesResult' },
);

export const VlUserStatus = Type.Enum(['active', 'invitation-sent', 'invitation-expired', 'failed', 'user-not-found'], {
  description:
    'active: registered; invitation-sent: invited, not registered yet; invitation-expired: the invitation ran out ' +
    '(reset it); failed: the invitation e-mail could not be delivered; user-not-found: the sign-in identity is gone',
});

export const VlUserLicenseId = Type.Object({
  licenseIdNumber: Type.String(),
  organizationName: Type.String(),
  programName: Type.String(),
  roles: Type.Array(VlRole, { description: 'held directly: editable' }),
  inheritedRoles: Type.Array(VlRole, { description: 'inherited from the parent agreement: not editable here' }),
  invitation: Type.Union([
    Type.Object({
      state: Type.Enum(['pending', 'expired', 'failed']),
      roles: Type.Array(VlRole),
      expiresAt: Timestamp,
    }),
    Type.Null(),
  ]),
  accessAtRisk: Type.Boolean({ description: 'the identity is in another cloud than the License ID' }),
});

export const VlUser = Type.Object(
  {
    businessEmail: Type.String(),
    displayName: Type.Union([Type.String(), Type.Null()]),
    signInName: Type.Union([Type.String(), Type.Null()]),
    internal: Type.Boolean({ description: 'signs in with an account of your own tenant' }),
    status: VlUserStatus,
    accessAtRisk: Type.Boolean(),
    licenseIds: Type.Array(VlUserLicenseId, { description: 'only License IDs you administer' }),
  },
  { $id: 'VlUser' },
);

export const VlUserPage = Type.Object(
  { items: Type.Array(VlUser), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'VlUserPage' },
);

export const VlUserListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'part of a name or e-mail address' })),
    licenseIdNumber: Type.Optional(AgreementNumber),
  },
  { additionalProperties: false },
);

export const EmailParams = Type.Object({ email: EmailAddress });

export const InvitationActionBody = Type.Object(
  {
    licenseIdNumber: Type.Optional(AgreementNumber),
  },
  { additionalProperties: false },
);

export const InvitationActionResult = Type.Object(
  { email: Type.String(), licenseIdNumbers: Type.Array(Type.String()) },
  { $id: 'InvitationActionResult' },
);

export const RemovedUserResult = Type.Object(
  { email: Type.String(), licenseIdNumbers: Type.Array(Type.String()) },
  { $id: 'RemovedUserResult' },
);

export const LicenseIdParams = Type.Object({ licenseIdNumber: AgreementNumber });

export const ImportRolesBody = Type.Object({ sourceLicenseIdNumber: AgreementNumber }, { additionalProperties: false });

export const ImportRolesResult = Type.Object(
  {
    licenseIdNumber: Type.String(),
    sourceLicenseIdNumber: Type.String(),
    users: Type.Array(Type.Object({ businessEmail: Type.String(), roles: Type.Array(VlRole) })),
  },
  { $id: 'ImportRolesResult' },
);

export const VlPreferences = Type.Object(
  {
    profiles: Type.Array(
      Type.Object({ businessEmail: Type.String(), displayName: Type.Union([Type.String(), Type.Null()]) }),
    ),
    signInName: Type.String(),
    roles: Type.Array(
      Type.Object({
        licenseIdNumber: Type.String(),
        organizationName: Type.String(),
        roles: Type.Array(VlRole),
        inheritedRoles: Type.Array(VlRole),
      }),
    ),
    inheritance: Type.Array(
      Type.Object({
        parentAgreementNumber: Type.String(),
        organizationName: Type.String(),
        businessEmail: Type.String(),
        optedIn: Type.Boolean(),
        childCount: Type.Integer(),
      }),
      { description: 'parent agreements where you are a Primary, Notices or Online Administrator contact' },
    ),
  },
  { $id: 'VlPreferences' },
);

export const UpdateVlPreferencesBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
    inheritance: Type.Optional(
      Type.Array(Type.Object({ parentAgreementNumber: AgreementNumber, optedIn: Type.Boolean() }), {
        maxItems: 200,
      }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateVlPreferencesInput = Static<typeof UpdateVlPreferencesBody>;

export const SyncResult = Type.Object(
  {
    granted: Type.Array(Type.Object({ licenseIdNumber: Type.String(), roles: Type.Array(VlRole) })),
  },
  { $id: 'SyncResult' },
);
