// A tenant's domains (add, show the TXT record to publish, verify it by DNS, remove) and the public realm lookup
// (SPEC §2). Takeover, which also proves a domain by DNS, lives next door in takeover.ts and reuses the helpers here.
import { isUniqueViolation } from '../../db/errors.js';
import { and, asc, count, eq, or, sql } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { accounts, domains, tenants } from '../../db/schema.js';
import type { DnsResolver } from '../../dns.js';
import {
  domainOf,
  isConsumerDomain,
  isValidDomainName,
  isValidEmail,
  normalizeDomain,
  normalizeEmail,
} from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { AppError, badRequest, conflict, notFound } from '../../domain/errors.js';
import { recordAudit } from '../audit/service.js';
import { proveTxtRecord, txtRecordFor, type TxtRecord } from './dns-proof.js';

/** Organizations own a handful of domains; the limit also keeps the domains list one bounded answer. */
export const MAX_DOMAINS_PER_TENANT = 100;
/** 16 bytes = 128 random bits, the minimum SPEC §2 asks of a verification token. */
const TOKEN_BYTES = 16;
/** The partial unique index that lets a domain be verified in one tenant only: it decides races. */
const VERIFIED_NAME_INDEX = 'domains_verified_name_key';
const TENANT_NAME_INDEX = 'domains_tenant_name_key';

/** Who acts, for the audit log. */
export type Actor = { accountId: string; ip: string };

export type DomainView = {
  name: string;
  state: 'unverified' | 'verified';
  verifiedAt: string | null;
  createdAt: string;
  /** the record to publish; null once verified */
  txtRecord: TxtRecord | null;
  /** accounts of this tenant whose sign-in name ends in @name: while any do, the domain cannot be removed */
  accountCount: number;
  /** an unmanaged tenant holds this domain: proving it is an external takeover (POST /takeover), not a verify */
  takeoverRequired: boolean;
};

export type Realm = {
  kind: 'managed' | 'unmanaged' | 'personal' | 'none';
  domain: string;
  tenantId?: string;
  tenantName?: string;
  cloud?: Cloud;
};

/** The unmanaged tenant holding a domain (by e-mail proof at sign-up: its row is unverified). */
export type UnmanagedHolder = {
  tenantId: string;
  displayName: string;
  cloud: Cloud;
  domainId: string;
  verificationToken: string;
};

// ---------------------------------------------------------------- helpers shared with takeover.ts

/** Normalizes a domain name or refuses it with 400 `domain.invalid` naming `field`. */
export function parseDomainName(raw: string, field: string): string {
  const name = normalizeDomain(raw);
  if (!isValidDomainName(name)) {
    throw badRequest('domain.invalid', `"${raw.slice(0, 80)}" is not a domain name. Enter one such as contoso.com.`, [
      { name: field, message: 'is not a domain name', rule: 'domain_invalid' },
    ]);
  }
  return name;
}

/** Refuses domains no organization can own here: consumer mail domains and vlcenter's own initial-domain suffix. */
export function refuseUnownable(name: string, field: string, config: Config): void {
  if (isConsumerDomain(name, config.consumerDomains)) {
    throw badRequest(
      'domain.consumer',
      `${name} is a personal (consumer) mail domain: it cannot belong to an organization. Add a domain your organization owns.`,
      [{ name: field, message: 'is a consumer mail domain', rule: 'consumer_domain' }],
    );
  }
  const suffix = config.initialDomainSuffix;
  if (name === suffix || name.endsWith(`.${suffix}`)) {
    throw badRequest(
      'domain.reserved',
      `Names under ${suffix} are the initial domains vlcenter gives each directory; they cannot be added. Add a domain your organization owns.`,
      [{ name: field, message: `is under ${suffix}`, rule: 'under_initial_domain' }],
    );
  }
}

// Takeover applies to unmanaged directories only: a verified domain belongs to a managed one, whose administrator
// (or support) must release it.
export const verifiedElsewhere = (name: string) =>
  conflict(
    'domain.verified_elsewhere',
    `${name} is already verified by another organization's directory, and a domain belongs to one directory only. If your organization owns it, ask that directory's administrator to remove it, or contact support.`,
  );

/**
 * The unmanaged tenant holding `name` — in `cloud` when given. Sign-up makes unmanaged tenants per cloud, and accounts
 * never move between clouds, so takeover and verification only concern the holder in their own cloud.
 */
export async function findUnmanagedHolder(
  executor: Executor,
  name: string,
  cloud?: string,
): Promise<UnmanagedHolder | undefined> {
  const [row] = await executor
    .select({
      tenantId: tenants.id,
      displayName: tenants.displayName,
      cloud: tenants.cloud,
      domainId: domains.id,
      verificationToken: domains.verificationToken,
    })
    .from(domains)
    .innerJoin(tenants, eq(tenants.id, domains.tenantId))
    .where(
      and(
        eq(domains.name, name),
        eq(tenants.state, 'unmanaged'),
        cloud === undefined ? undefined : eq(tenants.cloud, cloud),
      ),
    )
    .orderBy(asc(domains.createdAt))
    .limit(1);
  return row ? { ...row, cloud: row.cloud as Cloud } : undefined;
}

/** The tenant for which `name` is verified or is the initial domain, if any. */
export async function verifiedHolder(executor: Executor, name: string): Promise<string | undefined> {
  const [verified] = await executor
    .select({ tenantId: domains.tenantId })
    .from(domains)
    .where(and(eq(domains.name, name), eq(domains.state, 'verified')));
  if (verified) return verified.tenantId;
  const [initial] = await executor.select({ id: tenants.id }).from(tenants).where(eq(tenants.initialDomain, name));
  return initial?.id;
}

/** Accounts of `tenantId` that sign in with an @name address. */
async function accountsUsing(executor: Executor, tenantId: string, name: string): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), sql`split_part(${accounts.signInName}, '@', 2) = ${name}`));
  return row?.n ?? 0;
}

// Drizzle writes columns unqualified in single-table selects; a correlated subquery needs them qualified.
const outer = {
  name: sql`${domains}.${sql.identifier(domains.name.name)}`,
  tenantId: sql`${domains}.${sql.identifier(domains.tenantId.name)}`,
};

const domainNotFound = (name: string) =>
  notFound('domain.not_found', `${name} is not a domain of this directory. Add it first.`);

// ---------------------------------------------------------------- the service

export function createDirectoryService(deps: {
  db: Database;
  dns: DnsResolver;
  clock: Clock;
  newToken: TokenGenerator;
  config: Config;
}) {
  const { db, dns, clock, newToken, config } = deps;

  /** The tenant's domains (or just `name`) with their counts, in one query. */
  async function selectDomains(executor: Executor, tenantId: string, name?: string): Promise<DomainView[]> {
    const rows = await executor
      .select({
        name: domains.name,
        state: domains.state,
        token: domains.verificationToken,
        verifiedAt: domains.verifiedAt,
        createdAt: domains.createdAt,
        // Correlated subqueries: inside them the aliases hide the table name, so "domains".… is the outer row.
        accountCount:
          sql<number>`(select count(*) from ${accounts} a where a.tenant_id = ${outer.tenantId} and split_part(a.sign_in_name, '@', 2) = ${outer.name})`.mapWith(
            Number,
          ),
        heldByUnmanaged: sql<boolean>`exists (select 1 from ${domains} o join ${tenants} t on t.id = o.tenant_id where o.name = ${outer.name} and o.tenant_id <> ${outer.tenantId} and t.state = 'unmanaged' and t.cloud = (select c.cloud from ${tenants} c where c.id = ${outer.tenantId}))`,
      })
      .from(domains)
      .where(and(eq(domains.tenantId, tenantId), name === undefined ? undefined : eq(domains.name, name)))
      .orderBy(asc(domains.name))
      .limit(MAX_DOMAINS_PER_TENANT);
    return rows.map((r) => {
      const verified = r.state === 'verified';
      return {
        name: r.name,
        state: verified ? 'verified' : 'unverified',
        verifiedAt: r.verifiedAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        txtRecord: verified ? null : txtRecordFor(r.name, r.token),
        accountCount: r.accountCount,
        takeoverRequired: !verified && Boolean(r.heldByUnmanaged),
      };
    });
  }

  async function listDomains(tenantId: string): Promise<{ initialDomain: string; items: DomainView[] }> {
    const [tenant] = await db
      .select({ initialDomain: tenants.initialDomain })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    if (!tenant) throw notFound();
    return { initialDomain: tenant.initialDomain, items: await selectDomains(db, tenantId) };
  }

  /**
   * Adds `name` to the tenant as an unverified domain with a fresh token, inside the caller's transaction, or
   * refuses it. Also the external takeover's challenge (takeover.ts), hence `details` for the audit entry.
   */
  async function insertDomain(
    tx: Transaction,
    tenantId: string,
    name: string,
    actor: Actor,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    // Serializes domain changes of one tenant, so the per-tenant limit holds under concurrent requests.
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).for('update');
    if (!tenant) throw notFound();
    const [own] = await tx
      .select({ id: domains.id })
      .from(domains)
      .where(and(eq(domains.tenantId, tenantId), eq(domains.name, name)));
    const holder = await verifiedHolder(tx, name);
    if (own || holder === tenantId) {
      throw conflict('domain.exists', `${name} is already a domain of this directory.`);
    }
    if (holder) throw verifiedElsewhere(name);
    const [existing] = await tx.select({ n: count() }).from(domains).where(eq(domains.tenantId, tenantId));
    if ((existing?.n ?? 0) >= MAX_DOMAINS_PER_TENANT) {
      throw conflict(
        'domain.limit_reached',
        `A directory can have at most ${MAX_DOMAINS_PER_TENANT} domains. Remove domains you no longer use first.`,
      );
    }
    await tx.insert(domains).values({ tenantId, name, state: 'unverified', verificationToken: newToken(TOKEN_BYTES) });
    await recordAudit(tx, clock, {
      action: 'domain.added',
      actorKind: 'account',
      actorAccountId: actor.accountId,
      tenantId,
      target: name,
      details,
      ip: actor.ip,
    });
  }

  async function addDomain(actor: Actor, tenantId: string, rawName: string): Promise<DomainView> {
    const name = parseDomainName(rawName, 'body.name');
    refuseUnownable(name, 'body.name', config);
    try {
      await db.transaction((tx) => insertDomain(tx, tenantId, name, actor));
    } catch (error) {
      if (isUniqueViolation(error, TENANT_NAME_INDEX)) {
        throw conflict('domain.exists', `${name} is already a domain of this directory.`);
      }
      throw error;
    }
    const [view] = await selectDomains(db, tenantId, name);
    return view!;
  }

  /**
   * Refuses to verify `name` in `tenantId` when another tenant has a claim: an unmanaged tenant holding it (that is
   * an external takeover, which moves its users: the admin must ask for it explicitly) or a verified holder.
   */
  async function refuseOtherClaims(executor: Executor, tenantId: string, name: string): Promise<void> {
    const [tenant] = await executor.select({ cloud: tenants.cloud }).from(tenants).where(eq(tenants.id, tenantId));
    const unmanaged = await findUnmanagedHolder(executor, name, tenant?.cloud);
    if (unmanaged && unmanaged.tenantId !== tenantId) {
      throw new AppError(
        409,
        'domain.takeover_required',
        `The unmanaged directory "${unmanaged.displayName}" uses ${name}: people signed up with @${name} addresses. Proving the domain takes that directory over and moves its users into yours: use the takeover (POST /api/v1/takeover with mode "external"); the TXT record stays the same.`,
        { takeover: { method: 'POST', path: '/api/v1/takeover', body: { domain: name, mode: 'external' } } },
      );
    }
    const holder = await verifiedHolder(executor, name);
    if (holder && holder !== tenantId) throw verifiedElsewhere(name);
  }

  async function verifyDomain(actor: Actor, tenantId: string, rawName: string): Promise<DomainView> {
    const name = parseDomainName(rawName, 'params.domain');
    const [row] = await db
      .select({ id: domains.id, state: domains.state, token: domains.verificationToken })
      .from(domains)
      .where(and(eq(domains.tenantId, tenantId), eq(domains.name, name)));
    if (!row) throw domainNotFound(name);
    if (row.state !== 'verified') {
      // Cheap refusals first, then the DNS lookup — a network call, so outside any transaction.
      await refuseOtherClaims(db, tenantId, name);
      await proveTxtRecord(dns, name, row.token);
      try {
        await db.transaction(async (tx) => {
          await refuseOtherClaims(tx, tenantId, name);
          const verified = await tx
            .update(domains)
            .set({ state: 'verified', verifiedAt: clock.now() })
            .where(and(eq(domains.id, row.id), eq(domains.state, 'unverified')))
            .returning({ id: domains.id });
          // Nothing updated: a concurrent request of this tenant verified (or removed) it; the re-read tells which.
          if (verified.length === 0) return;
          await recordAudit(tx, clock, {
            action: 'domain.verified',
            actorKind: 'account',
            actorAccountId: actor.accountId,
            tenantId,
            target: name,
            ip: actor.ip,
          });
        });
      } catch (error) {
        // Another tenant verified it between our check and our update: the unique index decided, we lost.
        if (isUniqueViolation(error, VERIFIED_NAME_INDEX)) throw verifiedElsewhere(name);
        throw error;
      }
    }
    const [view] = await selectDomains(db, tenantId, name);
    if (!view) throw domainNotFound(name);
    return view;
  }

  async function removeDomain(actor: Actor, tenantId: string, rawName: string): Promise<void> {
    const name = parseDomainName(rawName, 'params.domain');
    await db.transaction(async (tx) => {
      const [tenant] = await tx
        .select({ initialDomain: tenants.initialDomain })
        .from(tenants)
        .where(eq(tenants.id, tenantId))
        .for('update');
      if (!tenant) throw notFound();
      if (name === tenant.initialDomain) {
        throw conflict(
          'domain.initial',
          `${name} is this directory's initial domain: it always belongs to the directory and cannot be removed.`,
        );
      }
      const [row] = await tx
        .select({ id: domains.id, state: domains.state })
        .from(domains)
        .where(and(eq(domains.tenantId, tenantId), eq(domains.name, name)));
      if (!row) throw domainNotFound(name);
      const inUse = await accountsUsing(tx, tenantId, name);
      if (inUse > 0) {
        throw new AppError(
          409,
          'domain.in_use',
          `${inUse} ${inUse === 1 ? 'account signs' : 'accounts sign'} in with an @${name} name. Remove those accounts (or give them another sign-in name) first, then remove the domain.`,
          { accountCount: inUse },
        );
      }
      await tx.delete(domains).where(eq(domains.id, row.id));
      await recordAudit(tx, clock, {
        action: 'domain.removed',
        actorKind: 'account',
        actorAccountId: actor.accountId,
        tenantId,
        target: name,
        details: { state: row.state },
        ip: actor.ip,
      });
    });
  }

  /**
   * Which kind of directory an address belongs to. Decided by the address's DOMAIN only — never by whether that
   * mailbox has an account — so the lookup cannot be used to find out who has an account (work or personal):
   *   personal   a consumer mail domain (gmail.com…): only personal accounts use it;
   *   managed    a managed tenant has verified the domain, or it is a managed tenant's initial domain;
   *   unmanaged  an unmanaged tenant holds it (sign-up proved it by e-mail; the one in the cloud asked, if any), or
   *              it is such a tenant's initial domain;
   *   none       nobody: sign up, create a new tenant, or (a personal account with a work-looking address) sign in.
   * A domain a managed tenant has added but not yet verified is not a claim: it answers as if unheld.
   */
  async function lookupRealm(rawEmail: string, requestCloud: Cloud): Promise<Realm> {
    const email = normalizeEmail(rawEmail);
    if (!isValidEmail(email)) {
      throw badRequest('email.invalid', 'Enter an e-mail address such as name@contoso.com.', [
        { name: 'querystring.email', message: 'is not an e-mail address', rule: 'email_invalid' },
      ]);
    }
    const domain = domainOf(email);
    if (isConsumerDomain(domain, config.consumerDomains)) return { kind: 'personal', domain };
    const rows = await db
      .select({
        id: tenants.id,
        displayName: tenants.displayName,
        cloud: tenants.cloud,
        state: tenants.state,
        initialDomain: tenants.initialDomain,
        domainState: domains.state,
      })
      .from(tenants)
      .leftJoin(domains, and(eq(domains.tenantId, tenants.id), eq(domains.name, domain)))
      .where(or(eq(tenants.initialDomain, domain), eq(domains.name, domain)))
      .orderBy(asc(tenants.createdAt))
      .limit(10);
    const owner =
      rows.find((r) => r.state === 'managed' && (r.domainState === 'verified' || r.initialDomain === domain)) ??
      rows.find((r) => r.initialDomain === domain) ??
      rows.find((r) => r.state === 'unmanaged' && r.cloud === requestCloud) ??
      rows.find((r) => r.state === 'unmanaged');
    if (!owner) return { kind: 'none', domain };
    return {
      kind: owner.state === 'managed' ? 'managed' : 'unmanaged',
      domain,
      tenantId: owner.id,
      tenantName: owner.displayName,
      cloud: owner.cloud as Cloud,
    };
  }

  return { listDomains, addDomain, verifyDomain, removeDomain, lookupRealm, insertDomain, selectDomains };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
