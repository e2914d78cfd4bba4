// Request and response shapes of the partner API and the operator's organization, partner and token pages. Every
// input string is bounded; formats are checked here (the strict body validator names the failing field) and the
// rules that need the database (known program, own organization …) in service.ts.
import { Type, type Static } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { CONTACT_KINDS } from '../../domain/vl-roles.js';

const text = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...options });

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Timestamp = Type.String({ format: 'date-time' });
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. NL' });
export const Cloud = Type.Enum([...CLOUDS]);
export const ApprovalState = Type.Enum(['pending', 'approved', 'rejected']);
export const Pcn = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,31}$', description: 'public customer number' });
/** License ID and parent agreement numbers, e.g. `V1234567` or `E-4455-1020`. */
export const AgreementNumber = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{2,31}$',
  description: '3–32 upper-case letters, digits and dashes',
});
export const EmailAddress = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
export const ContactKind = Type.Enum([...CONTACT_KINDS]);
export const Pool = Type.Enum(['applications', 'systems', 'servers']);
export const LicenseType = Type.Enum(['license', 'license+sa', 'sa', 'sa-step-up', 'subscription']);

// ---------------------------------------------------------------- organizations

export const CreateOrganizationBody = Type.Object(
  {
    name: text(200),
    city: text(100),
    country: CountryCode,
    pcns: Type.Array(Pcn, { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateOrganizationInput = Static<typeof CreateOrganizationBody>;

export const Organization = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    city: Type.String(),
    country: Type.String(),
    pcns: Type.Array(Type.String()),
    approvalState: ApprovalState,
    createdAt: Timestamp,
  },
  { $id: 'PartnerOrganization' },
);
export type OrganizationView = Static<typeof Organization>;

export const OperatorOrganization = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    city: Type.String(),
    country: Type.String(),
    pcns: Type.Array(Type.String()),
    approvalState: ApprovalState,
    partner: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    licenseIdCount: Type.Integer(),
    createdAt: Timestamp,
  },
  { $id: 'OperatorOrganization' },
);
export type OperatorOrganizationView = Static<typeof OperatorOrganization>;

export const ApprovalBody = Type.Object(
  {
    decision: Type.Enum(['approve', 'reject']),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- License IDs

export const ContactInput = Type.Object(
  { kind: ContactKind, name: text(200), email: EmailAddress },
  { additionalProperties: false },
);

export const CreateLicenseIdBody = Type.Object(
  {
    number: AgreementNumber,
    organizationId: Uuid,
    programId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    parentAgreementNumber: Type.Optional(AgreementNumber),
    cloud: Cloud,
    startDate: IsoDate,
    endDate: IsoDate,
    saEndDate: Type.Optional(IsoDate),
    contacts: Type.Array(ContactInput, { maxItems: 40 }),
  },
  { additionalProperties: false },
);
export type CreateLicenseIdInput = Static<typeof CreateLicenseIdBody>;

export const Contact = Type.Object({ kind: ContactKind, name: Type.String(), email: Type.String() });

/** What the creation of a License ID did for one business e-mail listed in its contacts (SPEC §5). */
export const WelcomeOutcome = Type.Object({
  email: Type.String(),
  roles: Type.Array(Type.String()),
  action: Type.Enum(['invitation-sent', 'roles-granted', 'awaiting-sign-in-id'], {
    description:
      'invitation-sent: no VL profile yet, a welcome e-mail with an invitation went out; roles-granted: the e-mail already has a VL profile, which got the roles at once (and a permission-change e-mail); awaiting-sign-in-id: enterprise-style program, no VL profile yet — an administrator adds the person by sign-in ID',
  }),
});

export const LicenseId = Type.Object(
  {
    id: Uuid,
    number: Type.String(),
    organizationId: Uuid,
    organizationName: Type.String(),
    programId: Type.String(),
    programName: Type.String(),
    parentAgreementNumber: Type.Union([Type.String(), Type.Null()]),
    cloud: Cloud,
    status: Type.Enum(['active', 'expired', 'terminated']),
    startDate: IsoDate,
    endDate: IsoDate,
    saEndDate: Type.Union([IsoDate, Type.Null()]),
    contacts: Type.Array(Contact),
    createdAt: Timestamp,
  },
  { $id: 'PartnerLicenseId' },
);
export type LicenseIdView = Static<typeof LicenseId>;

export const CreatedLicenseId = Type.Object(
  {
    licenseId: LicenseId,
    welcome: Type.Array(WelcomeOutcome),
  },
  { $id: 'CreatedLicenseId' },
);
export type CreatedLicenseIdView = Static<typeof CreatedLicenseId>;

// ---------------------------------------------------------------- orders

export const OrderLineInput = Type.Object(
  {
    partNumber: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$' }),
    product: text(200),
    productFamily: text(200),
    version: text(50),
    pool: Pool,
    licenseType: LicenseType,
    quantity: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    country: CountryCode,
  },
  { additionalProperties: false },
);

export const CreateOrderBody = Type.Object(
  {
    licenseIdNumber: AgreementNumber,
    partnerOrderNumber: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$' }),
    customerOrderNumber: Type.Optional(text(64)),
    orderedOn: IsoDate,
    usageStart: Type.Optional(IsoDate),
    lines: Type.Array(OrderLineInput, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type CreateOrderInput = Static<typeof CreateOrderBody>;

export const OrderLine = Type.Object({
  lineNumber: Type.Integer(),
  partNumber: Type.String(),
  product: Type.String(),
  productFamily: Type.String(),
  version: Type.String(),
  pool: Pool,
  licenseType: LicenseType,
  quantity: Type.Integer(),
  country: Type.String(),
  /** the catalog product this line matched (family, name, version), if any */
  productId: Type.Union([Uuid, Type.Null()]),
});

const orderFields = {
  id: Uuid,
  licenseIdNumber: Type.String(),
  partnerOrderNumber: Type.String(),
  customerOrderNumber: Type.Union([Type.String(), Type.Null()]),
  orderedOn: IsoDate,
  usageStart: Type.Union([IsoDate, Type.Null()]),
  createdAt: Timestamp,
};
export const Order = Type.Object({ ...orderFields, lines: Type.Array(OrderLine) }, { $id: 'PartnerOrder' });
export type OrderView = Static<typeof Order>;
export const OrderSummary = Type.Object({ ...orderFields, lineCount: Type.Integer() }, { $id: 'PartnerOrderSummary' });
export type OrderSummaryView = Static<typeof OrderSummary>;

// ---------------------------------------------------------------- partners and tokens (operator)

export const CreatePartnerBody = Type.Object(
  { name: text(200), pcn: Pcn, notificationEmail: EmailAddress },
  { additionalProperties: false },
);
export type CreatePartnerInput = Static<typeof CreatePartnerBody>;

export const Partner = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    pcn: Type.String(),
    notificationEmail: Type.String(),
    activeTokenCount: Type.Integer(),
    createdAt: Timestamp,
  },
  { $id: 'Partner' },
);
export type PartnerView = Static<typeof Partner>;

export const CreateTokenBody = Type.Object({ name: text(100) }, { additionalProperties: false });

export const PartnerToken = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    /** the first characters of the token, to tell tokens apart */
    prefix: Type.String(),
    createdAt: Timestamp,
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'PartnerToken' },
);
export type PartnerTokenView = Static<typeof PartnerToken>;

export const IssuedPartnerToken = Type.Object(
  {
    ...PartnerToken.properties,
    token: Type.String({ description: 'shown this once: store it now; only its hash is kept' }),
  },
  { $id: 'IssuedPartnerToken' },
);
export type IssuedPartnerTokenView = Static<typeof IssuedPartnerToken>;

// ---------------------------------------------------------------- programs (operator)

export const ProgramId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
  description: 'stable slug: lower-case letters, digits and dashes, e.g. `select-plus`',
});
export const CatalogVisibility = Type.Enum(['purchased', 'all'], {
  description: 'purchased: a License ID sees the products it ordered; all: every product of the catalog',
});

export const Program = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    enterpriseStyle: Type.Boolean({ description: 'no invitations: users are added by sign-in ID only (SPEC §5)' }),
    catalogVisibility: CatalogVisibility,
    licenseIdCount: Type.Integer(),
  },
  { $id: 'Program' },
);
export type ProgramView = Static<typeof Program>;

export const CreateProgramBody = Type.Object(
  { id: ProgramId, name: text(200), enterpriseStyle: Type.Boolean(), catalogVisibility: CatalogVisibility },
  { additionalProperties: false },
);
export type CreateProgramInput = Static<typeof CreateProgramBody>;

export const UpdateProgramBody = Type.Object(
  {
    name: Type.Optional(text(200)),
    catalogVisibility: Type.Optional(CatalogVisibility),
    enterpriseStyle: Type.Optional(
      Type.Boolean({ description: 'only while the program has no License IDs (409 program.in_use otherwise)' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProgramInput = Static<typeof UpdateProgramBody>;

// ---------------------------------------------------------------- parent agreements (partner)

export const ParentAgreement = Type.Object(
  {
    id: Uuid,
    number: Type.String(),
    organizationId: Uuid,
    organizationName: Type.String(),
    programId: Type.String(),
    programName: Type.String(),
    contacts: Type.Array(Contact),
    licenseIdNumbers: Type.Array(Type.String(), { description: 'its child License IDs' }),
    createdAt: Timestamp,
  },
  { $id: 'PartnerParentAgreement' },
);
export type ParentAgreementView = Static<typeof ParentAgreement>;

export const ReplaceContactsBody = Type.Object(
  { contacts: Type.Array(ContactInput, { maxItems: 40, description: 'the whole list: it replaces the current one' }) },
  { additionalProperties: false },
);
export type ReplaceContactsInput = Static<typeof ReplaceContactsBody>;

// ---------------------------------------------------------------- lists

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T, id: string) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) }, { $id: id });

export const ListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'Any unique string (e.g. a UUID) per logical request: a retry with the same key and body answers the stored response; the same key with another body is refused (422 idempotency.key_reused).',
    }),
  ),
});
