// Contracts and reports (SPEC §7): the License IDs the caller's VL profiles hold any role on (direct or inherited),
// nearest end date first, with filters and a streamed CSV export; a License ID's details; orders per License ID or
// across all; the license summary. Scoped in the queries themselves through `heldRoles`: a License ID the caller may
// not see is simply not found. Directory roles (global administrator, operator) add nothing here.
import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import { createConcurrencyLimit } from '../../concurrency.js';
import { isAnyOf, queryRows, type Database, type Transaction } from '../../db/client.js';
import {
  agreementContacts,
  domains,
  licenseIds,
  orderLines,
  orders,
  organizations,
  parentAgreements,
  partners,
  programs,
  tenants,
  vlProfiles,
} from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import { csvLine, UTF8_BOM } from '../../domain/csv.js';
import { conflict } from '../../domain/errors.js';
import { effectiveLicenseIdStatus, isoDay, type LicenseIdStatus } from '../../domain/license-ids.js';
import { capabilitiesOf, type VlCapability, type VlRole } from '../../domain/vl-roles.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import type { Auth, SignedInAccount } from '../session/service.js';
import type { JsonPage } from '../../http/json-page.js';
import { createEpochPageCache } from './page-cache.js';
import {
  heldRoles,
  refuseFirstMissing,
  vlRolesIn,
  type AccountRef,
  type LicenseIdGrant,
  type VlAccessService,
} from '../vl-access/service.js';

export type ContractRow = {
  licenseIdNumber: string;
  organizationName: string;
  /** city and country, e.g. `Redmond, US` */
  location: string;
  programId: string;
  programName: string;
  /** an enterprise-style program (SPEC §4): users are added by sign-in ID; Import roles copies them in (SPEC §6) */
  enterpriseStyle: boolean;
  parentAgreementNumber: string | null;
  cloud: Cloud;
  startDate: string;
  endDate: string;
  status: LicenseIdStatus;
  /** every role held, direct or inherited */
  roles: VlRole[];
  /** the roles held only through inheritance from the parent agreement */
  inheritedRoles: VlRole[];
  /** administrators of this License ID (direct or inherited); one is a warning (SPEC §4) */
  administratorCount: number;
  /** what the roles allow on this License ID (the role matrix, SPEC §4) */
  capabilities: VlCapability[];
  /** held by an identity of another cloud than the License ID's (SPEC §1) */
  accessAtRisk: boolean;
};

/** SPEC §7 filters of the contracts list (and its export). */
export type ContractFilters = {
  programId?: string | undefined;
  status?: LicenseIdStatus | undefined;
  endFrom?: string | undefined;
  endTo?: string | undefined;
  /** part of the organization's name */
  organization?: string | undefined;
  cloud?: Cloud | undefined;
  /** the selected rows (multi-select) */
  licenseIdNumbers?: string[] | undefined;
};

export type OrderRow = {
  id: string;
  licenseIdNumber: string;
  organizationName: string;
  partnerName: string;
  partnerOrderNumber: string;
  customerOrderNumber: string | null;
  orderedOn: string;
  usageStart: string | null;
  lines: {
    lineNumber: number;
    partNumber: string;
    product: string;
    productFamily: string;
    version: string;
    pool: string;
    licenseType: string;
    quantity: number;
    country: string;
  }[];
};

export type SummaryRow = {
  productFamily: string;
  version: string;
  pool: string;
  effectiveQuantity: number;
  activeSaQuantity: number;
};

/** A license summary as CSV (RFC 4180, UTF-8 with BOM): one record per product family + version + pool. */
export async function* summaryCsv(items: readonly SummaryRow[]): AsyncGenerator<string> {
  yield (
    UTF8_BOM +
    csvLine(['Product family', 'Version', 'Pool', 'Effective quantity', 'Active Software Assurance quantity'])
  );
  for (const i of items) yield csvLine([i.productFamily, i.version, i.pool, i.effectiveQuantity, i.activeSaQuantity]);
}

/** The most License IDs one license summary answers at request time (SPEC §7); more are summarized by a job. */
export const SUMMARY_MAX_LICENSE_IDS = 1000;
/** The most License IDs one request may name (each is a bind parameter); beyond that, ask for all. */
export const SUMMARY_MAX_NAMED_LICENSE_IDS = 20_000;
/** Summaries computed at once per process: enough to keep two cores and the database busy. */
const SUMMARIES_AT_ONCE = 4;
const EXPORT_BATCH = 1000;
const EXPORT_MAX_BATCH = 16_000;
/** Held roles below which the contracts list always sorts the caller's License IDs (see `walksLicenseIds`). */
const WALK_MIN_HELD = 1000;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createContractsService(deps: {
  db: Database;
  clock: Clock;
  vlAccess: VlAccessService;
  /**
   * Held roles from which the contracts list always reads License IDs in order (see `walksLicenseIds`); unset, the
   * rule there decides. Tests set 0 to run that statement on worlds of a few License IDs.
   */
  walkFrom?: number;
}) {
  const { db, clock, vlAccess } = deps;

  /** A typed bind parameter of a prepared statement (the statement text stays the same whatever the values). */
  const param = (name: string, type: 'text' | 'date' | 'uuid' | 'text[]') =>
    sql`${sql.placeholder(name)}::${sql.raw(type)}`;

  /**
   * The contracts list, built once and prepared as two statements — one per way of finding a page — that share their
   * row shape and filters. Every filter is a parameter that is null when not used, so one statement text serves every
   * combination. Building them with drizzle on each request cost more CPU than the rest of the request together, and
   * PostgreSQL now plans each once per connection (planning the join over the held-roles union costs more than
   * running it).
   *
   * - `fromHeld` starts from the caller's held roles and sorts them: right for nearly everyone, who holds roles on a
   *   few License IDs among many.
   * - `walking` reads License IDs in the list's order (`license_ids_end_date_number_idx`) and keeps those the caller
   *   holds a role on, stopping at one page: right for a licensing desk that holds a role on most of them, where
   *   sorting 100,000 held License IDs to show 50 took most of a second for every page and every filter.
   *
   * `walksLicenseIds` chooses between them.
   */
  const contractQueries = (() => {
    const account = param('accountId', 'uuid');
    const status = param('status', 'text');
    const today = param('today', 'date');
    const notTerminated = sql`${licenseIds.status} <> 'terminated'`;
    // On license_ids and organizations: which of the caller's License IDs a page shows, and after which row.
    const filters = and(
      // SPEC §3: a not-approved organization's License IDs are hidden from customers.
      eq(organizations.approvalState, 'approved'),
      // SPEC §1: after the enforcement date, only License IDs of the caller's cloud count.
      sql`(${param('enforcedCloud', 'text')} is null or ${licenseIds.cloud} = ${param('enforcedCloud', 'text')})`,
      // The SPEC §7 filters (ContractFilters).
      sql`(${param('programId', 'text')} is null or ${licenseIds.programId} = ${param('programId', 'text')})`,
      sql`(${status} is null
        or (${status} = 'terminated' and ${licenseIds.status} = 'terminated')
        or (${status} = 'expired' and ${notTerminated} and ${licenseIds.endDate} < ${today})
        or (${status} = 'active' and ${notTerminated} and ${licenseIds.endDate} >= ${today}))`,
      sql`(${param('endFrom', 'date')} is null or ${licenseIds.endDate} >= ${param('endFrom', 'date')})`,
      sql`(${param('endTo', 'date')} is null or ${licenseIds.endDate} <= ${param('endTo', 'date')})`,
      sql`(${param('organization', 'text')} is null or ${organizations.name} ilike ${param('organization', 'text')})`,
      sql`(${param('cloud', 'text')} is null or ${licenseIds.cloud} = ${param('cloud', 'text')})`,
      sql`(${param('numbers', 'text[]')} is null or ${licenseIds.number} = any(${param('numbers', 'text[]')}))`,
      // The keyset: rows after the last one of the previous page.
      sql`(${param('afterEndDate', 'date')} is null
        or (${licenseIds.endDate}, ${licenseIds.number}) > (${param('afterEndDate', 'date')}, ${param('afterNumber', 'text')}))`,
    );
    const order = [asc(licenseIds.endDate), asc(licenseIds.number)];

    const admins = heldRoles(db);
    /** A row of the list, with `roles` and `directRoles`: the caller's roles on it, all and not inherited. */
    const row = (roles: {
      roles: SQL<string[]> | SQL.Aliased<string[]>;
      directRoles: SQL<(string | null)[] | null> | SQL.Aliased<(string | null)[] | null>;
    }) => ({
      number: licenseIds.number,
      organizationName: organizations.name,
      city: organizations.city,
      country: organizations.country,
      programId: programs.id,
      programName: programs.name,
      enterpriseStyle: programs.enterpriseStyle,
      parentAgreementNumber: parentAgreements.number,
      cloud: licenseIds.cloud,
      startDate: licenseIds.startDate,
      endDate: licenseIds.endDate,
      status: licenseIds.status,
      ...roles,
      administratorCount: sql<number>`(select count(distinct ${admins.vlProfileId})::int from ${admins}
        where ${admins.licenseIdId} = ${licenseIds.id} and ${admins.role} = 'administrator')`,
    });

    const held = heldRoles(db);
    const fromHeld = db
      .select(
        row({
          roles: sql`array_agg(distinct ${held.role})`,
          directRoles: sql`array_agg(distinct ${held.role}) filter (where not ${held.inherited})`,
        }),
      )
      .from(held)
      .innerJoin(vlProfiles, eq(vlProfiles.id, held.vlProfileId))
      .innerJoin(licenseIds, eq(licenseIds.id, held.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .leftJoin(parentAgreements, eq(parentAgreements.id, licenseIds.parentAgreementId))
      .where(and(sql`${vlProfiles.accountId} = ${account}`, filters))
      .groupBy(licenseIds.id, organizations.id, programs.id, parentAgreements.id)
      .orderBy(...order)
      .limit(sql.placeholder('limit'))
      .prepare('contracts_list');

    // The caller's held roles on the License ID of the row (`license_ids` of the enclosing query), read per row: as
    // subqueries, not joins, since PostgreSQL expects a caller to hold few roles and would join all of the desk's. The
    // caller's VL profiles are looked up once per statement (an uncorrelated subquery), not once per row.
    const myProfiles = sql`array(select ${vlProfiles.id} from ${vlProfiles} where ${vlProfiles.accountId} = ${account})`;
    const heldHere = () => {
      const held = heldRoles(db);
      return { held, where: sql`${held.licenseIdId} = ${licenseIds.id} and ${held.vlProfileId} = any(${myProfiles})` };
    };
    // A scalar subquery with LIMIT stays a per-row check: PostgreSQL would turn an EXISTS into a join over all the
    // caller's held roles, which is the sort this statement is there to avoid.
    const probe = heldHere();
    const page = db
      .select({ id: licenseIds.id })
      .from(licenseIds)
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .where(and(filters, sql`(select true from ${probe.held} where ${probe.where} limit 1)`))
      .orderBy(...order)
      .limit(sql.placeholder('limit'))
      .as('page');
    // Both role lists of a page's row in one read (a lateral subquery: once per row).
    const mine = heldHere();
    const myRoles = db
      .select({
        roles: sql<string[]>`array_agg(distinct ${mine.held.role})`.as('roles'),
        directRoles: sql<(string | null)[] | null>`array_agg(distinct ${mine.held.role})
          filter (where not ${mine.held.inherited})`.as('direct_roles'),
      })
      .from(mine.held)
      .where(mine.where)
      .as('my_roles');
    const walking = db
      .select(row({ roles: myRoles.roles, directRoles: myRoles.directRoles }))
      .from(page)
      .innerJoin(licenseIds, eq(licenseIds.id, page.id))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .leftJoin(parentAgreements, eq(parentAgreements.id, licenseIds.parentAgreementId))
      .crossJoinLateral(myRoles)
      .orderBy(...order)
      .prepare('contracts_list_walking');

    return { fromHeld, walking };
  })();

  /**
   * Whether a page of `limit` rows is found faster by reading License IDs in order (`contractQueries.walking`) than by
   * sorting the caller's: when they hold roles on so many that a page is met after a short read. Reading costs about
   * limit × all License IDs ÷ held rows, sorting about held rows, so walking wins above √(limit × all ÷ 2); and not
   * below WALK_MIN_HELD (sorting a thousand is quick anyway). Counts at most that many held roles, so the question
   * costs little whatever the answer. Callers never walk for a selection (a few named License IDs).
   */
  const walkGate = (() => {
    const held = heldRoles(db);
    const threshold =
      deps.walkFrom === undefined
        ? sql`(select greatest(${sql.raw(String(WALK_MIN_HELD))}, sqrt(${sql.placeholder('limit')}::float8 * greatest(reltuples, 0) / 2))::int
            from pg_class where oid = 'license_ids'::regclass)`
        : sql`${sql.raw(String(deps.walkFrom))}`;
    // Statement names are per connection: a service with a threshold of its own (tests) names its statement apart.
    const name = deps.walkFrom === undefined ? 'contracts_walk_gate' : `contracts_walk_gate_from_${deps.walkFrom}`;
    return db
      .select({ walk: sql<boolean>`count(*) >= ${threshold}` })
      .from(
        sql`(select 1 from ${held} inner join ${vlProfiles} on ${vlProfiles.id} = ${held.vlProfileId}
          where ${vlProfiles.accountId} = ${param('accountId', 'uuid')} limit ${threshold}) sample`,
      )
      .prepare(name);
  })();
  async function walksLicenseIds(accountId: string, limit: number): Promise<boolean> {
    const [row] = await walkGate.execute({ accountId, limit });
    return row?.walk ?? false;
  }

  async function contractRows(
    account: SignedInAccount,
    filters: ContractFilters,
    page: { after?: string[] | undefined; limit: number },
    walk: boolean,
  ): Promise<(ContractRow & { key: string[] })[]> {
    const today = isoDay(clock.now());
    const query = walk ? contractQueries.walking : contractQueries.fromHeld;
    const rows = await query.execute({
      accountId: account.id,
      enforcedCloud: vlAccess.enforcedCloud(account) ?? null,
      programId: filters.programId || null,
      status: filters.status ?? null,
      today,
      endFrom: filters.endFrom || null,
      endTo: filters.endTo || null,
      organization: filters.organization ? likePattern(filters.organization) : null,
      cloud: filters.cloud ?? null,
      numbers: filters.licenseIdNumbers?.length ? filters.licenseIdNumbers : null,
      afterEndDate: page.after?.[0] ?? null,
      afterNumber: page.after?.[1] ?? null,
      limit: page.limit,
    });
    return rows.map((r) => {
      const roles = vlRolesIn(r.roles);
      const direct = vlRolesIn(r.directRoles ?? []);
      return {
        licenseIdNumber: r.number,
        organizationName: r.organizationName,
        location: `${r.city}, ${r.country}`,
        programId: r.programId,
        programName: r.programName,
        enterpriseStyle: r.enterpriseStyle,
        parentAgreementNumber: r.parentAgreementNumber,
        cloud: r.cloud as Cloud,
        startDate: r.startDate,
        endDate: r.endDate,
        status: effectiveLicenseIdStatus(r.status, r.endDate, today),
        roles,
        inheritedRoles: roles.filter((role) => !direct.includes(role)),
        administratorCount: r.administratorCount,
        capabilities: capabilitiesOf(roles, { enterpriseStyle: r.enterpriseStyle }),
        accessAtRisk: r.cloud !== account.cloud,
        key: [r.endDate, r.number],
      };
    });
  }

  async function listContracts(
    account: SignedInAccount,
    options: ContractFilters & { cursor?: string | undefined; limit?: number | undefined },
    walk: boolean,
  ): Promise<PageOf<ContractRow>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 2);
    const rows = await contractRows(account, options, { after, limit: limit + 1 }, walk);
    return pageOf(
      rows,
      limit,
      ({ key: _key, ...row }) => row,
      (r) => r.key,
    );
  }

  const pageCache = createEpochPageCache();
  /**
   * A page cache key: what is asked (`kind`, `query`) and everything else the answer depends on — the caller and
   * their cloud, the cloud enforcement in force, and today (statuses, Software Assurance).
   */
  const cacheKey = (kind: string, account: SignedInAccount, query: unknown) =>
    JSON.stringify([
      kind,
      account.id,
      account.cloud,
      vlAccess.enforcedCloud(account) ?? null,
      isoDay(clock.now()),
      query,
    ]);
  /** License summaries computed at once in this process (see createConcurrencyLimit). */
  const summaries = createConcurrencyLimit(SUMMARIES_AT_ONCE);

  /**
   * The contracts list page as JSON (`serialize`: the route's response serializer), from the page cache when nothing
   * the list reads has changed since it was produced (keyed by `cacheKey` with the filters and the cursor).
   */
  async function listContractsPage(
    auth: Auth,
    options: Parameters<typeof listContracts>[1],
    serialize: (page: PageOf<ContractRow>) => string,
  ): Promise<JsonPage> {
    const { account } = auth;
    const key = cacheKey('contracts', account, options);
    const page = await pageCache.get(key, auth.contractsEpoch, async () => {
      // Which statement suits this caller changes only with their roles, so it is cached like a page: per epoch (asked
      // for a page of the default size; √ of the size barely moves the answer). The caller's next page or filter then
      // costs one statement after the session lookup, not two.
      const walk =
        !options.licenseIdNumbers?.length &&
        (
          await pageCache.get(cacheKey('contracts-walk', account, null), auth.contractsEpoch, async () =>
            String(await walksLicenseIds(account.id, DEFAULT_PAGE_SIZE + 1)),
          )
        )?.json === 'true';
      return serialize(await listContracts(account, options, walk));
    });
    return page!;
  }

  /**
   * The contracts list as CSV (RFC 4180, UTF-8 with BOM, header row), produced in keyset batches so that 100,000
   * rows never sit in memory: the consumer pulls, the next batch is read when the last one has been written.
   */
  async function* exportContracts(account: SignedInAccount, filters: ContractFilters): AsyncGenerator<string> {
    yield (
      UTF8_BOM +
      csvLine([
        'License ID',
        'Organization',
        'Location',
        'Program',
        'Parent agreement',
        'Cloud',
        'Start date',
        'End date',
        'Status',
        'Your roles',
      ])
    );
    let after: string[] | undefined;
    let limit = EXPORT_BATCH;
    const walk = !filters.licenseIdNumbers?.length && (await walksLicenseIds(account.id, EXPORT_MAX_BATCH));
    for (;;) {
      const rows = await contractRows(account, filters, { after, limit }, walk);
      if (rows.length > 0) {
        yield rows
          .map((r) =>
            csvLine([
              r.licenseIdNumber,
              r.organizationName,
              r.location,
              r.programName,
              r.parentAgreementNumber,
              r.cloud,
              r.startDate,
              r.endDate,
              r.status,
              r.roles.join(' '),
            ]),
          )
          .join('');
      }
      if (rows.length < limit) return;
      after = rows[rows.length - 1]!.key;
      // Each batch runs the list query over all the caller's held roles again (it sorts them all to find the next
      // rows), so a long export asks for ever larger batches, up to a bound that keeps memory flat.
      limit = Math.min(limit * 2, EXPORT_MAX_BATCH);
    }
  }

  /** A License ID's details (SPEC §3): its facts and the Offerings, Contacts and Tenants tabs. */
  async function details(account: SignedInAccount, grant: LicenseIdGrant) {
    const [facts] = await db
      .select({
        startDate: licenseIds.startDate,
        endDate: licenseIds.endDate,
        saEndDate: licenseIds.saEndDate,
        status: licenseIds.status,
        city: organizations.city,
        country: organizations.country,
        pcns: organizations.pcns,
        parentAgreementNumber: parentAgreements.number,
        partnerName: partners.name,
        tenantId: licenseIds.tenantId,
      })
      .from(licenseIds)
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(partners, eq(partners.id, licenseIds.partnerId))
      .leftJoin(parentAgreements, eq(parentAgreements.id, licenseIds.parentAgreementId))
      .where(eq(licenseIds.id, grant.id));
    const offerings = await db
      .select({
        productFamily: orderLines.productFamily,
        product: orderLines.product,
        version: orderLines.version,
        pool: orderLines.pool,
        licenseType: orderLines.licenseType,
        quantity: sql<number>`sum(${orderLines.quantity})::int`,
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(eq(orders.licenseIdId, grant.id))
      .groupBy(
        orderLines.productFamily,
        orderLines.product,
        orderLines.version,
        orderLines.pool,
        orderLines.licenseType,
      )
      .orderBy(asc(orderLines.productFamily), asc(orderLines.product), asc(orderLines.version));
    const contacts = await db
      .select({ kind: agreementContacts.kind, name: agreementContacts.name, email: agreementContacts.email })
      .from(agreementContacts)
      .where(eq(agreementContacts.licenseIdId, grant.id))
      .orderBy(asc(agreementContacts.kind), asc(agreementContacts.email));
    const tenantRows = facts!.tenantId
      ? await db
          .select({
            displayName: tenants.displayName,
            initialDomain: tenants.initialDomain,
            cloud: tenants.cloud,
            domains: sql<
              string[]
            >`coalesce(array_agg(${domains.name} order by ${domains.name}) filter (where ${domains.state} = 'verified'), '{}')`,
          })
          .from(tenants)
          .leftJoin(domains, eq(domains.tenantId, tenants.id))
          .where(eq(tenants.id, facts!.tenantId))
          .groupBy(tenants.id)
      : [];
    const today = isoDay(clock.now());
    return {
      licenseIdNumber: grant.number,
      organizationName: grant.organizationName,
      location: `${facts!.city}, ${facts!.country}`,
      pcns: facts!.pcns,
      programId: grant.programId,
      programName: grant.programName,
      parentAgreementNumber: facts!.parentAgreementNumber,
      partnerName: facts!.partnerName,
      cloud: grant.cloud,
      startDate: facts!.startDate,
      endDate: facts!.endDate,
      saEndDate: facts!.saEndDate,
      status: effectiveLicenseIdStatus(facts!.status, facts!.endDate, today),
      roles: grant.roles,
      inheritedRoles: grant.inheritedRoles,
      capabilities: grant.capabilities,
      accessAtRisk: grant.cloud !== account.cloud,
      offerings,
      contacts,
      tenants: tenantRows,
    };
  }

  // ---------------------------------------------------------------- orders

  /**
   * The condition on an order's License ID for the orders the caller may see, optionally only those of some License
   * IDs (each named by its request field: one the caller may not see is a 404 naming it). Without names, a subquery:
   * a caller may hold roles on 100,000 License IDs, and carrying their ids into every statement (an export runs one
   * per batch) costs more than letting the database find them.
   */
  async function orderScope(account: SignedInAccount, licenseIdNumbers: string[] | undefined): Promise<SQL> {
    if (licenseIdNumbers?.length) {
      const grants = await vlAccess.requireCapabilityOnAll(
        account,
        licenseIdNumbers.map((number, i) => ({ number, field: `querystring.licenseIdNumbers.${i}` })),
        'contract.orders',
      );
      return isAnyOf(
        orders.licenseIdId,
        [...grants.values()].map((g) => g.id),
        'uuid',
      );
    }
    return inArray(
      orders.licenseIdId,
      vlAccess.licenseIdsWith(account, 'all', 'contract.orders', { id: licenseIds.id }),
    );
  }

  type OrderQuery = {
    licenseIdNumbers?: string[] | undefined;
    sort?: 'ordered-on-desc' | 'ordered-on-asc' | undefined;
    orderedFrom?: string | undefined;
    orderedTo?: string | undefined;
    /** part of the partner or customer order number, or of a product name on a line */
    q?: string | undefined;
  };

  async function orderRows(
    scope: SQL,
    query: OrderQuery,
    page: { after?: string[] | undefined; limit: number },
  ): Promise<OrderRow[]> {
    const ascending = query.sort === 'ordered-on-asc';
    const after = page.after;
    const pattern = query.q ? likePattern(query.q) : undefined;
    const heads = await db
      .select({
        id: orders.id,
        licenseIdNumber: licenseIds.number,
        organizationName: organizations.name,
        partnerName: partners.name,
        partnerOrderNumber: orders.partnerOrderNumber,
        customerOrderNumber: orders.customerOrderNumber,
        orderedOn: orders.orderedOn,
        usageStart: orders.usageStart,
      })
      .from(orders)
      .innerJoin(licenseIds, eq(licenseIds.id, orders.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(partners, eq(partners.id, orders.partnerId))
      .where(
        and(
          scope,
          query.orderedFrom ? gte(orders.orderedOn, query.orderedFrom) : undefined,
          query.orderedTo ? lte(orders.orderedOn, query.orderedTo) : undefined,
          pattern
            ? or(
                ilike(orders.partnerOrderNumber, pattern),
                ilike(orders.customerOrderNumber, pattern),
                sql`exists (select 1 from order_lines l where l.order_id = ${orders.id} and l.product ilike ${pattern})`,
              )
            : undefined,
          after
            ? ascending
              ? sql`(${orders.orderedOn}, ${orders.id}) > (${after[0]}::date, ${after[1]}::uuid)`
              : sql`(${orders.orderedOn}, ${orders.id}) < (${after[0]}::date, ${after[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(ascending ? asc(orders.orderedOn) : desc(orders.orderedOn), ascending ? asc(orders.id) : desc(orders.id))
      .limit(page.limit);
    if (heads.length === 0) return [];
    const lines = await db
      .select({
        orderId: orderLines.orderId,
        lineNumber: orderLines.lineNumber,
        partNumber: orderLines.partNumber,
        product: orderLines.product,
        productFamily: orderLines.productFamily,
        version: orderLines.version,
        pool: orderLines.pool,
        licenseType: orderLines.licenseType,
        quantity: orderLines.quantity,
        country: orderLines.country,
      })
      .from(orderLines)
      .where(
        inArray(
          orderLines.orderId,
          heads.map((h) => h.id),
        ),
      )
      .orderBy(asc(orderLines.orderId), asc(orderLines.lineNumber));
    const linesOf = new Map<string, OrderRow['lines']>();
    for (const { orderId, ...line } of lines) linesOf.set(orderId, [...(linesOf.get(orderId) ?? []), line]);
    return heads.map((h) => ({ ...h, lines: linesOf.get(h.id) ?? [] }));
  }

  async function listOrders(
    account: SignedInAccount,
    query: OrderQuery & { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<OrderRow>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = await orderScope(account, query.licenseIdNumbers);
    const rows = await orderRows(scope, query, { after: decodeCursor(query.cursor, 2), limit: limit + 1 });
    return pageOf(
      rows,
      limit,
      (r) => r,
      (r) => [r.orderedOn, r.id],
    );
  }

  /** Orders as CSV, one record per order line, in keyset batches (see exportContracts). */
  async function* exportOrders(account: SignedInAccount, query: OrderQuery): AsyncGenerator<string> {
    const scope = await orderScope(account, query.licenseIdNumbers);
    yield (
      UTF8_BOM +
      csvLine([
        'License ID',
        'Organization',
        'Partner',
        'Partner order number',
        'Customer order number',
        'Ordered on',
        'Usage start',
        'Line',
        'Part number',
        'Product',
        'Product family',
        'Version',
        'Pool',
        'License type',
        'Quantity',
        'Country',
      ])
    );
    let after: string[] | undefined;
    for (;;) {
      const rows = await orderRows(scope, query, { after, limit: EXPORT_BATCH });
      yield rows
        .flatMap((o) =>
          o.lines.map((l) =>
            csvLine([
              o.licenseIdNumber,
              o.organizationName,
              o.partnerName,
              o.partnerOrderNumber,
              o.customerOrderNumber,
              o.orderedOn,
              o.usageStart,
              l.lineNumber,
              l.partNumber,
              l.product,
              l.productFamily,
              l.version,
              l.pool,
              l.licenseType,
              l.quantity,
              l.country,
            ]),
          ),
        )
        .join('');
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = [last.orderedOn, last.id];
    }
  }

  // ---------------------------------------------------------------- license summary

  /**
   * License summary (SPEC §7) of the selected License IDs, per product family + version + pool, computed by the
   * database at request time. Per License ID first, then summed:
   *   effective quantity  = Σ quantity of lines that give licenses — license, license+sa, sa-step-up (the step-up
   *                         line is on the edition it steps up to), and subscription while the License ID runs;
   *   active SA quantity  = Σ quantity of license+sa, sa and sa-step-up lines while the License ID's Software
   *                         Assurance runs (its SA end date, or its end date when none, is today or later), at most
   *                         that License ID's effective quantity (an `sa` renewal covers licenses already counted).
   */
  async function summary(
    account: SignedInAccount,
    selection: readonly string[] | 'all',
    /** Where the request named the i-th License ID, for the refusal of one that is not the caller's. */
    fieldOf: (i: number) => string,
  ): Promise<{ licenseIdNumbers: string[]; items: SummaryRow[] | null }> {
    const answer = await summarizeSelection(
      db,
      vlAccess,
      account,
      selection,
      isoDay(clock.now()),
      SUMMARY_MAX_LICENSE_IDS,
    );
    // Named License IDs must all be the caller's: the first that is not is a 404 naming its field.
    if (selection !== 'all') {
      const held = new Set(answer.licenseIdNumbers);
      refuseFirstMissing(
        selection.map((number, i) => ({ number, field: fieldOf(i) })),
        (number) => held.has(number),
      );
    }
    return answer;
  }

  /**
   * The license summary of `selection` as JSON (`serialize`: the route's response serializer), from the page cache
   * when nothing it reads — the caller's roles, the License IDs' dates, their orders — has changed since it was
   * computed; or, above SUMMARY_MAX_LICENSE_IDS License IDs, the License IDs a report job is to summarize (never
   * cached: each such request starts a job).
   */
  async function summaryAnswer(
    auth: Auth,
    selection: readonly string[] | 'all',
    serialize: (answer: { licenseIdNumbers: string[]; items: SummaryRow[] }) => string,
  ): Promise<{ page: JsonPage } | { reportOf: string[] }> {
    const { account } = auth;
    // The answer does not depend on the order the License IDs are named in (the schema refuses repeats): nor does the key.
    const key = cacheKey('license-summary', account, selection === 'all' ? 'all' : [...selection].sort());
    let reportOf: string[] | undefined;
    const page = await pageCache.get(key, auth.contractsEpoch, async () => {
      const { licenseIdNumbers, items } = await summaries(() =>
        summary(account, selection, (i) => `body.licenseIdNumbers.${i}`),
      );
      if (items) return serialize({ licenseIdNumbers, items });
      reportOf = licenseIdNumbers;
      return null;
    });
    return page ? { page } : { reportOf: reportOf! };
  }

  /**
   * The license summary of the named License IDs (or all of the caller's) as CSV, computed like `summaryAnswer`. Above
   * SUMMARY_MAX_LICENSE_IDS it is refused: such a summary is a report (POST /license-summary), exported when ready.
   */
  async function* exportSummary(account: SignedInAccount, selection: readonly string[] | 'all') {
    const { items } = await summaries(() => summary(account, selection, (i) => `querystring.licenseIdNumbers.${i}`));
    if (!items) {
      throw conflict(
        'license_summary.too_many_to_export',
        `A summary of more than ${SUMMARY_MAX_LICENSE_IDS.toLocaleString('en')} License IDs is prepared as a report: ask for it (POST /api/v1/license-summary with allLicenseIds: true), then export the report when it is ready.`,
      );
    }
    yield* summaryCsv(items);
  }

  return { listContractsPage, exportContracts, details, listOrders, exportOrders, summaryAnswer, exportSummary };
}

export type ContractsService = ReturnType<typeof createContractsService>;

/**
 * The license summary (SPEC §7; the arithmetic is described at `summary`) of the License IDs of `selection` (or all)
 * on which `account` holds a role that shows it, as of `today`; with those License IDs' numbers, sorted. Above `limit`
 * License IDs (null: no limit) only the numbers come back (items null): a report job is to summarize them. One
 * statement, whether it answers a request or runs in a report job: the roles are checked in the database, and the
 * order lines come already added up per License ID and product family + version + pool (license_id_positions, kept
 * in the transactions that wrote the lines: migration 0013).
 */
export async function summarizeSelection(
  executor: Database | Transaction,
  vlAccess: VlAccessService,
  account: AccountRef,
  selection: readonly string[] | 'all',
  today: string,
  limit: number | null,
): Promise<{ licenseIdNumbers: string[]; items: SummaryRow[] | null }> {
  const granted = vlAccess.licenseIdsWith(
    account,
    selection,
    'license-summary',
    { id: licenseIds.id, number: licenseIds.number, endDate: licenseIds.endDate, saEndDate: licenseIds.saEndDate },
    executor,
  );
  const [row] = await queryRows<{ numbers: string[]; items: SummaryRow[] | null }>(
    executor,
    // The License IDs are found once and their positions read by id (`granted` is read three times, so PostgreSQL
    // materializes it anyway; said explicitly, since joined inline the planner probed license_ids once per position
    // row instead — twice the time).
    sql`with granted as materialized (${granted}),
        -- Per License ID first (its positions, as of today), then summed: an \`sa\` renewal covers licenses already
        -- counted, so a License ID's active SA quantity is at most its effective quantity.
        per_license_id as (
          select p.product_family, p.version, p.pool,
            p.licensed + case when g.end_date >= ${today}::date then p.subscribed else 0 end as effective,
            case when coalesce(g.sa_end_date, g.end_date) >= ${today}::date then p.assured else 0 end as sa
          from granted g
          join license_id_positions p on p.license_id_id = g.id
        ),
        summed as (
          select product_family, version, pool, sum(effective)::int as effective, sum(least(sa, effective))::int as sa
          from per_license_id
          group by product_family, version, pool
        )
        select
          (select coalesce(json_agg(number), '[]') from granted) as numbers,
          case when ${limit}::int is null or (select count(*) from granted) <= ${limit}::int then
            (select coalesce(json_agg(json_build_object(
                'productFamily', product_family, 'version', version, 'pool', pool,
                'effectiveQuantity', effective, 'activeSaQuantity', sa
              ) order by product_family, version, pool), '[]')
             from summed)
          end as items`,
  );
  return { licenseIdNumbers: row!.numbers.sort(), items: row!.items };
}
