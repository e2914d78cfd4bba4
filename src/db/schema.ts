// The database schema: one source for the typed queries and for drizzle-kit's generated SQL migrations.
// Write SQL that PostgreSQL 15 accepts (PGlite is 18): the suite on the real server proves it.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- directory

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    displayName: text('display_name').notNull(),
    cloud: text('cloud').notNull(),
    /** `<name>.<initial-suffix>`, e.g. contoso.onvlcenter.example */
    initialDomain: text('initial_domain').notNull(),
    /** managed: has at least one global administrator; unmanaged: made by self-service sign-up */
    state: text('state').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tenants_initial_domain_key').on(t.initialDomain),
    check('tenants_cloud_check', sql`${t.cloud} in ('public', 'gov-high', 'defense')`),
    check('tenants_state_check', sql`${t.state} in ('managed', 'unmanaged')`),
  ],
);

export const domains = pgTable(
  'domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    state: text('state').notNull().default('unverified'),
    verificationToken: text('verification_token').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('domains_tenant_name_key').on(t.tenantId, t.name),
    // A domain is verified in at most one tenant: the database decides races between tenants.
    uniqueIndex('domains_verified_name_key')
      .on(t.name)
      .where(sql`${t.state} = 'verified'`),
    index('domains_name_idx').on(t.name),
    check('domains_state_check', sql`${t.state} in ('unverified', 'verified')`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    /** The object id; identity is (tenant id, object id), never an e-mail address. */
    id: uuid('id').primaryKey().defaultRandom(),
    /** null for personal (consumer) accounts */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    cloud: text('cloud').notNull(),
    /** lower-case sign-in name, e.g. li@contoso.example */
    signInName: text('sign_in_name').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    isGlobalAdmin: boolean('is_global_admin').notNull().default(false),
    /** publisher staff who use the operator console; gives no volume licensing access */
    isOperator: boolean('is_operator').notNull().default(false),
    /** partner staff who use the partner console; gives no volume licensing access */
    partnerId: uuid('partner_id').references((): AnyPgColumn => partners.id),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_cloud_kind_sign_in_name_key').on(t.cloud, t.kind, t.signInName),
    index('accounts_tenant_id_idx').on(t.tenantId),
    index('accounts_partner_id_idx').on(t.partnerId),
    check('accounts_kind_check', sql`${t.kind} in ('work', 'personal')`),
    check('accounts_tenant_matches_kind_check', sql`(${t.kind} = 'work') = (${t.tenantId} is not null)`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the opaque session id; the id itself is only in the user's cookie. */
    idHash: text('id_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** absolute expiry; the idle timeout is checked against last_seen_at */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_account_id_idx').on(t.accountId)],
);

export const userPreferences = pgTable('user_preferences', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  /** ids of the navigation items pinned to the short navigation */
  navPins: jsonb('nav_pins')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  /** the navigation's "Show all" toggle */
  navShowAll: boolean('nav_show_all').notNull().default(false),
  locale: text('locale'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// ---------------------------------------------------------------- licensing records

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    city: text('city').notNull(),
    country: text('country').notNull(),
    /** public customer numbers */
    pcns: jsonb('pcns')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    approvalState: text('approval_state').notNull().default('pending'),
    /** the organization's directory tenant, when it has one */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    /** the partner that created it, and alone sees it through the partner API; null: made by an operator or import */
    partnerId: uuid('partner_id').references((): AnyPgColumn => partners.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('organizations_tenant_id_idx').on(t.tenantId),
    index('organizations_partner_id_idx').on(t.partnerId),
    check('organizations_approval_state_check', sql`${t.approvalState} in ('pending', 'approved', 'rejected')`),
  ],
);

export const partners = pgTable(
  'partners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    pcn: text('pcn').notNull(),
    notificationEmail: text('notification_email').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('partners_pcn_key').on(t.pcn)],
);

export const productFamilies = pgTable(
  'product_families',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('product_families_name_key').on(t.name)],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    familyId: uuid('family_id')
      .notNull()
      .references(() => productFamilies.id),
    name: text('name').notNull(),
    version: text('version').notNull(),
    pool: text('pool').notNull(),
    needsKey: boolean('needs_key').notNull().default(true),
    /** the key types (PRODUCT_KEY_TYPES) a License ID gets one key of each when it orders the product; [] if no key */
    keyTypes: jsonb('key_types')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('products_family_name_version_key').on(t.familyId, t.name, t.version),
    check('products_pool_check', sql`${t.pool} in ('applications', 'systems', 'servers')`),
  ],
);

/** Downloadable files of a product (SPEC §3, §8). The bytes live in a FileStore (DATA_DIR/files) under storage_key. */
export const downloadFiles = pgTable(
  'download_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** BCP 47 tag, e.g. en-US, nl-NL, or `neutral` */
    language: text('language').notNull(),
    /** windows | linux | macos | any */
    os: text('os').notNull(),
    /** x64 | x86 | arm64 | neutral */
    architecture: text('architecture').notNull(),
    /** iso | exe | zip | msi | img | other */
    format: text('format').notNull(),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** lower-case hex, computed while the upload streamed in */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('download_files_product_id_idx').on(t.productId),
    index('download_files_created_by_idx').on(t.createdBy),
    uniqueIndex('download_files_storage_key_key').on(t.storageKey),
    check('download_files_os_check', sql`${t.os} in ('windows', 'linux', 'macos', 'any')`),
    check('download_files_architecture_check', sql`${t.architecture} in ('x64', 'x86', 'arm64', 'neutral')`),
    check('download_files_format_check', sql`${t.format} in ('iso', 'exe', 'zip', 'msi', 'img', 'other')`),
  ],
);

/**
 * Product keys (SPEC §3): loaded by operators into a pool per (product, type), assigned to a License ID when an order
 * for the product arrives. The key is only stored AES-256-GCM sealed (context `product-key`); key_hmac (HMAC-SHA-256
 * under the server key) finds duplicates without revealing anything.
 */
export const productKeys = pgTable(
  'product_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    keyEncrypted: text('key_encrypted').notNull(),
    keyHmac: text('key_hmac').notNull(),
    /** null: still in the pool */
    licenseIdId: uuid('license_id_id').references(() => licenseIds.id),
    /** the order whose arrival assigned it */
    orderId: uuid('order_id').references(() => orders.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    /** MAK: activations allowed; null for other types */
    activationsAllowed: integer('activations_allowed'),
    activationsUsed: integer('activations_used').notNull().default(0),
    /** KMS host, static, setup keys: seats; null when not counted */
    seats: integer('seats'),
    /** online-activation keys: available | redeemed */
    onlineActivationState: text('online_activation_state'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('product_keys_key_hmac_key').on(t.keyHmac),
    index('product_keys_pool_idx')
      .on(t.productId, t.type, t.createdAt)
      .where(sql`${t.licenseIdId} is null`),
    index('product_keys_license_id_id_idx').on(t.licenseIdId, t.productId),
    index('product_keys_order_id_idx').on(t.orderId),
    check(
      'product_keys_type_check',
      sql`${t.type} in ('mak', 'kms-host', 'kms-client', 'static', 'online-activation', 'setup')`,
    ),
    check(
      'product_keys_online_activation_state_check',
      sql`${t.onlineActivationState} is null or ${t.onlineActivationState} in ('available', 'redeemed')`,
    ),
  ],
);

/**
 * Keys a License ID should have got but the pool had none of (SPEC §3, issue 6): recorded when the order arrives,
 * listed in the operator console, and filled (resolved_at set) as soon as keys of that product and type are loaded.
 */
export const keyShortfalls = pgTable(
  'key_shortfalls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    licenseIdId: uuid('license_id_id')
      .notNull()
      .references(() => licenseIds.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedKeyId: uuid('resolved_key_id').references(() => productKeys.id),
  },
  (t) => [
    // one open shortfall per (License ID, product, type)
    uniqueIndex('key_shortfalls_open_key')
      .on(t.licenseIdId, t.productId, t.type)
      .where(sql`${t.resolvedAt} is null`),
    index('key_shortfalls_product_id_type_idx').on(t.productId, t.type, t.createdAt),
    index('key_shortfalls_order_id_idx').on(t.orderId),
    index('key_shortfalls_resolved_key_id_idx').on(t.resolvedKeyId),
  ],
);

// ---------------------------------------------------------------- jobs, mail, rate limits, audit

/** A Postgres-backed queue: claimed with FOR UPDATE SKIP LOCKED under a lease, so a dead worker's job returns. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    queue: text('queue').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('jobs_runnable_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.finishedAt} is null and ${t.failedAt} is null`),
  ],
);

/** The mail outbox. One row per logical message; message_id is its idempotency key and its Message-ID header. */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: text('message_id').notNull(),
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    subjectId: text('subject_id').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    /** queued → sent (SMTP accepted) | stored (no SMTP configured: kept for /dev/mailbox) | failed */
    state: text('state').notNull().default('queued'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mail_messages_message_id_key').on(t.messageId),
    index('mail_messages_recipient_idx').on(t.recipient),
    check('mail_messages_state_check', sql`${t.state} in ('queued', 'sent', 'stored', 'failed')`),
  ],
);

/** Fixed-window counters shared by every instance (sign-in, sign-up, redemption, public forms). */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/** Append-only, hash-chained audit log (SPEC §11). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorAccountId: uuid('actor_account_id'),
    /** account | partner | operator | system | anonymous */
    actorKind: text('actor_kind').notNull(),
    action: text('action').notNull(),
    tenantId: uuid('tenant_id'),
    licenseIdNumber: text('license_id_number'),
    target: text('target'),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_tenant_id_idx').on(t.tenantId),
    index('audit_log_license_id_number_idx').on(t.licenseIdNumber),
    index('audit_log_actor_account_id_idx').on(t.actorAccountId),
  ],
);

// ---------------------------------------------------------------- directory flows (sign-up, throttling, takeover)

/** One-time codes that prove a mailbox (work sign-up, public contact form). Only a hash of the code is kept. */
export const emailCodes = pgTable(
  'email_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose').notNull(),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('email_codes_purpose_email_idx').on(t.purpose, t.email),
    check('email_codes_purpose_check', sql`${t.purpose} in ('sign-up', 'contact')`),
  ],
);

/** Failed sign-ins per sign-in name (whether or not an account has it): drives the growing delay. */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Takeovers of unmanaged tenants, with what an operator needs to undo them within 10 days. */
export const takeovers = pgTable(
  'takeovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mode: text('mode').notNull(),
    domain: text('domain').notNull(),
    /** the unmanaged tenant that held the domain */
    sourceTenantId: uuid('source_tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** internal: the same tenant; external: the managed tenant that took the domain */
    targetTenantId: uuid('target_tenant_id')
      .notNull()
      .references(() => tenants.id),
    actorAccountId: uuid('actor_account_id')
      .notNull()
      .references(() => accounts.id),
    /** accounts moved from source to target (external mode) */
    movedAccountIds: jsonb('moved_account_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: uuid('undone_by').references(() => accounts.id),
  },
  (t) => [
    index('takeovers_source_tenant_id_idx').on(t.sourceTenantId),
    index('takeovers_target_tenant_id_idx').on(t.targetTenantId),
    index('takeovers_actor_account_id_idx').on(t.actorAccountId),
    index('takeovers_undone_by_idx').on(t.undoneBy),
    check('takeovers_mode_check', sql`${t.mode} in ('internal', 'external')`),
  ],
);

// ---------------------------------------------------------------- agreements (SPEC §3) and onboarding (SPEC §5)

/** Licensing programs are data: flags decide invitations and catalog visibility, not code paths per program. */
export const programs = pgTable(
  'programs',
  {
    /** stable slug, e.g. `enterprise`, `select-plus`, `open-value` */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** no invitations: users are added by sign-in ID only (SPEC §5) */
    enterpriseStyle: boolean('enterprise_style').notNull(),
    catalogVisibility: text('catalog_visibility').notNull(),
  },
  (t) => [check('programs_catalog_visibility_check', sql`${t.catalogVisibility} in ('purchased', 'all')`)],
);

/** Partner API tokens: shown once; only the SHA-256 is kept. */
export const partnerTokens = pgTable(
  'partner_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** the first characters, so people can tell their tokens apart */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('partner_tokens_token_hash_key').on(t.tokenHash),
    index('partner_tokens_partner_id_idx').on(t.partnerId),
  ],
);

/** Replays of partner requests that carried an Idempotency-Key: the same key answers the same response for 24 hours. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused */
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.key] }),
    // keys expire after 24 hours: each keyed request of a partner deletes that partner's expired ones
    index('idempotency_keys_partner_id_created_at_idx').on(t.partnerId, t.createdAt),
  ],
);

/** Master agreements; their child License IDs carry the permissions. */
export const parentAgreements = pgTable(
  'parent_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    programId: text('program_id')
      .notNull()
      .references(() => programs.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('parent_agreements_number_key').on(t.number),
    index('parent_agreements_organization_id_idx').on(t.organizationId),
    index('parent_agreements_program_id_idx').on(t.programId),
    index('parent_agreements_partner_id_idx').on(t.partnerId),
  ],
);

/** The unit of permission (SPEC §3). */
export const licenseIds = pgTable(
  'license_ids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    programId: text('program_id')
      .notNull()
      .references(() => programs.id),
    parentAgreementId: uuid('parent_agreement_id').references(() => parentAgreements.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    cloud: text('cloud').notNull(),
    status: text('status').notNull().default('active'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    saEndDate: date('sa_end_date', { mode: 'string' }),
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('license_ids_number_key').on(t.number),
    index('license_ids_organization_id_idx').on(t.organizationId),
    index('license_ids_program_id_idx').on(t.programId),
    index('license_ids_parent_agreement_id_idx').on(t.parentAgreementId),
    index('license_ids_partner_id_idx').on(t.partnerId),
    index('license_ids_tenant_id_idx').on(t.tenantId),
    // The contracts list's order and keyset (end date, then number): read in order, a page of a caller who holds a
    // role on most License IDs is found without sorting them all (contracts service, `walksLicenseIds`).
    index('license_ids_end_date_number_idx').on(t.endDate, t.number),
    check('license_ids_cloud_check', sql`${t.cloud} in ('public', 'gov-high', 'defense')`),
    check('license_ids_status_check', sql`${t.status} in ('active', 'expired', 'terminated')`),
  ],
);

/** Agreement contacts set by the partner, on a License ID or on a parent agreement (SPEC §3). */
export const agreementContacts = pgTable(
  'agreement_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    licenseIdId: uuid('license_id_id').references(() => licenseIds.id, { onDelete: 'cascade' }),
    parentAgreementId: uuid('parent_agreement_id').references(() => parentAgreements.id, { onDelete: 'cascade' }),
    /** primary | notices | online-administrator | software-assurance-manager | online-services-manager |
     *  subscriptions-manager | bill-to | signatory */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** normalized business e-mail */
    email: text('email').notNull(),
  },
  (t) => [
    index('agreement_contacts_license_id_id_idx').on(t.licenseIdId),
    index('agreement_contacts_parent_agreement_id_idx').on(t.parentAgreementId),
    index('agreement_contacts_email_idx').on(t.email),
    check('agreement_contacts_one_owner_check', sql`(${t.licenseIdId} is null) <> (${t.parentAgreementId} is null)`),
    check(
      'agreement_contacts_kind_check',
      sql`${t.kind} in ('primary', 'notices', 'online-administrator', 'software-assurance-manager', 'online-services-manager', 'subscriptions-manager', 'bill-to', 'signatory')`,
    ),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    licenseIdId: uuid('license_id_id')
      .notNull()
      .references(() => licenseIds.id),
    partnerOrderNumber: text('partner_order_number').notNull(),
    customerOrderNumber: text('customer_order_number'),
    orderedOn: date('ordered_on', { mode: 'string' }).notNull(),
    usageStart: date('usage_start', { mode: 'string' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('orders_partner_order_number_key').on(t.partnerId, t.partnerOrderNumber),
    index('orders_license_id_id_idx').on(t.licenseIdId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNumber: integer('line_number').notNull(),
    partNumber: text('part_number').notNull(),
    productId: uuid('product_id').references(() => products.id),
    product: text('product').notNull(),
    productFamily: text('product_family').notNull(),
    version: text('version').notNull(),
    pool: text('pool').notNull(),
    licenseType: text('license_type').notNull(),
    quantity: integer('quantity').notNull(),
    country: text('country').notNull(),
  },
  (t) => [
    uniqueIndex('order_lines_order_line_key').on(t.orderId, t.lineNumber),
    index('order_lines_product_id_idx').on(t.productId),
    // Lines that arrived before their product was in the catalog, found by name when the operator adds it.
    index('order_lines_unmatched_idx')
      .on(t.productFamily, t.product, t.version)
      .where(sql`${t.productId} is null`),
    check('order_lines_pool_check', sql`${t.pool} in ('applications', 'systems', 'servers')`),
    check(
      'order_lines_license_type_check',
      sql`${t.licenseType} in ('license', 'license+sa', 'sa', 'sa-step-up', 'subscription')`,
    ),
  ],
);

/**
 * What a License ID's order lines add up to per product family + version + pool, kept by triggers on order_lines
 * (migration 0013) in the transaction that writes the lines: the license summary reads these rows — about six per
 * License ID instead of ten order lines and their orders — and applies today's date to them (contracts/summary.ts).
 *   licensed   = Σ quantity of license, license+sa and sa-step-up lines (licenses for good)
 *   subscribed = Σ quantity of subscription lines (licenses while the License ID runs)
 *   assured    = Σ quantity of license+sa, sa and sa-step-up lines (covered while its Software Assurance runs)
 */
export const licenseIdPositions = pgTable(
  'license_id_positions',
  {
    licenseIdId: uuid('license_id_id')
      .notNull()
      .references(() => licenseIds.id, { onDelete: 'cascade' }),
    productFamily: text('product_family').notNull(),
    version: text('version').notNull(),
    pool: text('pool').notNull(),
    licensed: integer('licensed').notNull(),
    subscribed: integer('subscribed').notNull(),
    assured: integer('assured').notNull(),
  },
  // Migration 0014 adds INCLUDE (licensed, subscribed, assured) to this key's index, for index-only reads by License ID.
  (t) => [primaryKey({ columns: [t.licenseIdId, t.productFamily, t.version, t.pool] })],
);

/** A VL profile binds a business e-mail (as listed in agreements) to one sign-in identity (SPEC §5). */
export const vlProfiles = pgTable(
  'vl_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessEmail: text('business_email').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    displayName: text('display_name'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('vl_profiles_business_email_key').on(t.businessEmail),
    index('vl_profiles_account_id_idx').on(t.accountId),
  ],
);

/** VL roles held directly, per (VL profile, License ID). Roles inherited from a parent agreement are derived. */
export const vlRoleAssignments = pgTable(
  'vl_role_assignments',
  {
    vlProfileId: uuid('vl_profile_id')
      .notNull()
      .references(() => vlProfiles.id, { onDelete: 'cascade' }),
    licenseIdId: uuid('license_id_id')
      .notNull()
      .references(() => licenseIds.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    grantedBy: uuid('granted_by').references(() => accounts.id),
  },
  (t) => [
    primaryKey({ columns: [t.vlProfileId, t.licenseIdId, t.role] }),
    index('vl_role_assignments_license_id_id_idx').on(t.licenseIdId),
    index('vl_role_assignments_granted_by_idx').on(t.grantedBy),
    check(
      'vl_role_assignments_role_check',
      sql`${t.role} in ('administrator', 'license-position-reader', 'product-download-manager', 'product-keys-reader', 'benefits-reader', 'online-services-manager', 'invoice-reader')`,
    ),
  ],
);

/** Invitations to register (SPEC §5): only the token's SHA-256 and an AES-256-GCM copy (for Resend) are stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    licenseIdId: uuid('license_id_id')
      .notNull()
      .references(() => licenseIds.id, { onDelete: 'cascade' }),
    businessEmail: text('business_email').notNull(),
    roles: jsonb('roles').$type<string[]>().notNull(),
    tokenHash: text('token_hash').notNull(),
    tokenEncrypted: text('token_encrypted').notNull(),
    /** pending → redeemed | expired | revoked | void; `expired` is also derived from expires_at at read time */
    state: text('state').notNull().default('pending'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** imported from a retired system: always void */
    legacy: boolean('legacy').notNull().default(false),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    redeemedBy: uuid('redeemed_by').references(() => accounts.id),
    createdBy: uuid('created_by').references(() => accounts.id),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    index('invitations_license_id_id_idx').on(t.licenseIdId),
    index('invitations_business_email_idx').on(t.businessEmail),
    index('invitations_redeemed_by_idx').on(t.redeemedBy),
    index('invitations_created_by_idx').on(t.createdBy),
    check('invitations_state_check', sql`${t.state} in ('pending', 'redeemed', 'expired', 'revoked', 'void')`),
  ],
);

/**
 * Opt-ins to inheritance (SPEC §4): a Primary, Notices or Online Administrator contact of a parent agreement who
 * opted in (Preferences) is Administrator of all its child License IDs, present and future. The inherited role is
 * derived at read time from this row and the parent agreement's contacts; it is never copied into
 * vl_role_assignments, so it cannot be edited at the child and ends the moment the contact or the opt-in goes.
 */
export const vlInheritanceOptIns = pgTable(
  'vl_inheritance_opt_ins',
  {
    vlProfileId: uuid('vl_profile_id')
      .notNull()
      .references(() => vlProfiles.id, { onDelete: 'cascade' }),
    parentAgreementId: uuid('parent_agreement_id')
      .notNull()
      .references(() => parentAgreements.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.vlProfileId, t.parentAgreementId] }),
    index('vl_inheritance_opt_ins_parent_agreement_id_idx').on(t.parentAgreementId),
  ],
);

// ---------------------------------------------------------------- support (SPEC §10)

/**
 * Help & support requests: from signed-in people (`help`), from the public contact form (`contact`, e-mail proved
 * by a one-time code) and new VL profile requests (`vl-profile`, details in vl_profile_requests). All enter one
 * operator queue. The customer sees their own requests only: by account, or (contact form) by proved e-mail.
 */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    subject: text('subject').notNull(),
    /** new → in-progress → waiting-on-customer → resolved (a customer reply reopens a resolved or waiting one) */
    state: text('state').notNull().default('new'),
    /** null for the public contact form */
    requesterAccountId: uuid('requester_account_id').references(() => accounts.id),
    /** where replies are e-mailed: the account's sign-in name, or the proved address of the contact form */
    requesterEmail: text('requester_email').notNull(),
    requesterName: text('requester_name').notNull(),
    /**
     * en | nl: the language the request was filed in. The e-mails about it use the account's current preference
     * when it has one; the contact form's sender has no account, so this is all there is.
     */
    locale: text('locale').notNull().default('en'),
    cloud: text('cloud').notNull(),
    licenseIdNumbers: jsonb('license_id_numbers').$type<string[]>().notNull(),
    assignedOperatorId: uuid('assigned_operator_id').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('support_requests_requester_account_id_idx').on(t.requesterAccountId),
    index('support_requests_assigned_operator_id_idx').on(t.assignedOperatorId),
    index('support_requests_state_updated_at_idx').on(t.state, t.updatedAt),
    check('support_requests_kind_check', sql`${t.kind} in ('help', 'contact', 'vl-profile')`),
    check('support_requests_state_check', sql`${t.state} in ('new', 'in-progress', 'waiting-on-customer', 'resolved')`),
  ],
);

/** The thread of a support request; the first message is the description. */
export const supportMessages = pgTable(
  'support_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => supportRequests.id, { onDelete: 'cascade' }),
    /** customer | operator */
    authorKind: text('author_kind').notNull(),
    /** null when the customer wrote through the public contact form */
    authorAccountId: uuid('author_account_id').references(() => accounts.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('support_messages_request_id_idx').on(t.requestId, t.id),
    index('support_messages_author_account_id_idx').on(t.authorAccountId),
    check('support_messages_author_kind_check', sql`${t.authorKind} in ('customer', 'operator')`),
  ],
);

/**
 * New VL profile requests (SPEC §10): `rebind` moves a VL profile to a new identity; `create` makes one for a
 * business e-mail listed in the agreement. `prechecks` holds what the portal verified when the request was filed
 * (shown to the operator, re-run at approval). Decided once: pending → approved | rejected.
 */
export const vlProfileRequests = pgTable(
  'vl_profile_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    supportRequestId: bigint('support_request_id', { mode: 'number' })
      .notNull()
      .references(() => supportRequests.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** rebind only: the sign-in name the profile is bound to today */
    oldSignInName: text('old_sign_in_name'),
    newSignInName: text('new_sign_in_name').notNull(),
    newCloud: text('new_cloud').notNull(),
    businessEmail: text('business_email').notNull(),
    licenseIdNumbers: jsonb('license_id_numbers').$type<string[]>().notNull(),
    prechecks: jsonb('prechecks').$type<unknown>().notNull(),
    state: text('state').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
  },
  (t) => [
    uniqueIndex('vl_profile_requests_support_request_id_key').on(t.supportRequestId),
    index('vl_profile_requests_decided_by_idx').on(t.decidedBy),
    check('vl_profile_requests_kind_check', sql`${t.kind} in ('rebind', 'create')`),
    check('vl_profile_requests_state_check', sql`${t.state} in ('pending', 'approved', 'rejected')`),
  ],
);

// ---------------------------------------------------------------- reports and notices

/**
 * License summaries of more than 1,000 License IDs (SPEC §7) are computed by a job; the requester is e-mailed and
 * sees an in-app notice when it is ready. The License IDs are those the requester could see when asking.
 */
export const licenseSummaryReports = pgTable(
  'license_summary_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    licenseIdNumbers: jsonb('license_id_numbers').$type<string[]>().notNull(),
    /** queued → ready | failed */
    state: text('state').notNull().default('queued'),
    result: jsonb('result').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('license_summary_reports_account_id_idx').on(t.accountId, t.createdAt),
    check('license_summary_reports_state_check', sql`${t.state} in ('queued', 'ready', 'failed')`),
  ],
);

/** In-app notices (the bell): a kind and params the web app translates, and a link to what it is about. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull(),
    link: text('link').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_account_id_idx').on(t.accountId, t.id)],
);

/**
 * Versions of what customers' lists are read from, for caches that must never serve a stale answer. `contracts`
 * counts the committed transactions that changed a table the contracts list reads (roles, inheritance, VL profiles,
 * agreement contacts, License IDs, organizations, programs, parent agreements): a deferred trigger of migration 0011
 * bumps it once per such transaction, at commit, so a reader that sees the same number in a later statement knows
 * none of those tables changed in between. Role changes therefore still count from the next request.
 */
export const readEpochs = pgTable('read_epochs', {
  name: text('name').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull().default(0),
});
