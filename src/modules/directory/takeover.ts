// Takeover of an unmanaged tenant by proving DNS ownership of its domain (SPEC §2), and its undo by an operator.
//   internal  a member of the unmanaged tenant proves the domain: the domain becomes verified, the tenant managed and
//             the member its global administrator.
//   external  a global administrator of a managed tenant proves the domain: the domain becomes verified in the managed
//             tenant and the unmanaged tenant's accounts with @domain sign-in names move into it (same ids, same
//             sign-in names); the unmanaged tenant's row for the domain is removed. The emptied tenant stays, so that an
//             undo has somewhere to put everything back.
// The token proved is the one of the (tenant, domain) row that becomes verified: the unmanaged tenant's row for
// internal, the managed tenant's own row for external (made by the challenge, or by adding the domain on the domains
// page — the same TXT record serves both). The DNS lookup runs before the transaction; the transaction re-checks
// everything under row locks, writes a `takeovers` row (what an undo needs) and the audit entries.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { accounts, domains, takeovers, tenants } from '../../db/schema.js';
import type { DnsResolver } from '../../dns.js';
import { conflict, forbidden, notFound } from '../../domain/errors.js';
import { recordAudit } from '../audit/service.js';
import { proveTxtRecord, txtRecordFor, type TxtRecord } from './dns-proof.js';
import {
  findUnmanagedHolder,
  parseDomainName,
  refuseUnownable,
  verifiedElsewhere,
  verifiedHolder,
  type Actor,
  type DirectoryService,
  type UnmanagedHolder,
} from './service.js';

/** An operator can undo a takeover this long after it happened (SPEC §2). */
export const UNDO_WINDOW_MS = 10 * 24 * 60 * 60 * 1000;
const TOKEN_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TakeoverMode = 'internal' | 'external';

export type TakeoverChallenge = {
  domain: string;
  mode: TakeoverMode;
  txtRecord: TxtRecord;
  /** the unmanaged tenant that would be taken over */
  tenant: { id: string; displayName: string };
};

export type TakeoverResult = {
  takeoverId: string;
  mode: TakeoverMode;
  domain: string;
  /** the tenant that now holds the verified domain (internal: the former unmanaged tenant) */
  tenant: { id: string; displayName: string; state: 'managed' };
  movedAccountCount: number;
};

export type UndoResult = { takeoverId: string; mode: TakeoverMode; undoneAt: string; restoredAccountCount: number };

/** The caller as the database has it now (a session's copy may be older than the last takeover). */
type Caller = {
  id: string;
  kind: string;
  cloud: string;
  tenantId: string | null;
  isGlobalAdmin: boolean;
  tenantState: string | null;
};

type Plan = {
  mode: TakeoverMode;
  domain: string;
  caller: Caller;
  source: UnmanagedHolder;
  /** external: the caller's own row for the domain, if the challenge (or the domains page) made one */
  targetDomain: { id: string; state: string; verificationToken: string } | undefined;
};

export function createTakeoverService(deps: {
  db: Database;
  dns: DnsResolver;
  clock: Clock;
  newToken: TokenGenerator;
  config: Config;
  directory: DirectoryService;
}) {
  const { db, dns, clock, newToken, config, directory } = deps;

  async function loadCaller(executor: Executor, accountId: string): Promise<Caller> {
    const [caller] = await executor
      .select({
        id: accounts.id,
        kind: accounts.kind,
        cloud: accounts.cloud,
        tenantId: accounts.tenantId,
        isGlobalAdmin: accounts.isGlobalAdmin,
        tenantState: tenants.state,
      })
      .from(accounts)
      .leftJoin(tenants, eq(tenants.id, accounts.tenantId))
      .where(eq(accounts.id, accountId));
    if (!caller) throw notFound();
    return caller;
  }

  /** Who may take over what: every refusal, with its own code, before any DNS lookup or change. */
  async function plan(executor: Executor, accountId: string, rawDomain: string, mode: TakeoverMode): Promise<Plan> {
    const domain = parseDomainName(rawDomain, 'body.domain');
    refuseUnownable(domain, 'body.domain', config);
    const caller = await loadCaller(executor, accountId);
    const source = await findUnmanagedHolder(executor, domain, caller.cloud);
    if (!source) {
      const elsewhere = await findUnmanagedHolder(executor, domain);
      if (elsewhere) {
        throw conflict(
          'takeover.other_cloud',
          `The directory that uses ${domain} is in the ${elsewhere.cloud} cloud and your account in ${caller.cloud}: accounts never move between clouds. Sign in with an account of the ${elsewhere.cloud} cloud.`,
        );
      }
      if (await verifiedHolder(executor, domain)) {
        throw conflict(
          'takeover.not_unmanaged',
          `${domain} belongs to a managed directory, which already has an administrator: there is nothing to take over. If your organization owns the domain, ask that directory's administrator (or support).`,
        );
      }
      throw conflict(
        'takeover.nothing_to_take_over',
        `No directory uses ${domain}, so there is nothing to take over. To use the domain in your directory, add it on the Domains page and verify it.`,
      );
    }
    if (mode === 'internal') {
      if (caller.kind !== 'work' || caller.tenantId !== source.tenantId) {
        throw forbidden(
          'takeover.not_a_member',
          `Only a member of the unmanaged directory that uses ${domain} (someone who signed up with an @${domain} address) can become its administrator. Sign in with such an account; if you administer another directory, use the external takeover instead.`,
        );
      }
      return { mode, domain, caller, source, targetDomain: undefined };
    }
    if (caller.kind !== 'work' || !caller.isGlobalAdmin || caller.tenantState !== 'managed' || !caller.tenantId) {
      throw forbidden(
        'takeover.not_global_admin',
        `Only a global administrator of a managed directory can bring ${domain} and its users into that directory. If you signed up with an @${domain} address, use the internal takeover to become the administrator of your own directory.`,
      );
    }
    const [targetDomain] = await executor
      .select({ id: domains.id, state: domains.state, verificationToken: domains.verificationToken })
      .from(domains)
      .where(and(eq(domains.tenantId, caller.tenantId), eq(domains.name, domain)));
    return { mode, domain, caller, source, targetDomain };
  }

  /** The TXT record to publish for a takeover; for external, adds the domain (unverified) to the caller's tenant. */
  async function challenge(actor: Actor, rawDomain: string, mode: TakeoverMode): Promise<TakeoverChallenge> {
    let p = await plan(db, actor.accountId, rawDomain, mode);
    if (mode === 'external' && !p.targetDomain) {
      const tenantId = p.caller.tenantId!;
      try {
        await db.transaction((tx) => directory.insertDomain(tx, tenantId, p.domain, actor, { via: 'takeover' }));
      } catch (error) {
        // A concurrent challenge of the same tenant made the row first: use that one.
        if (!isUniqueViolation(error, 'domains_tenant_name_key')) throw error;
      }
      p = await plan(db, actor.accountId, rawDomain, mode);
    }
    const token = mode === 'internal' ? p.source.verificationToken : p.targetDomain!.verificationToken;
    return {
      domain: p.domain,
      mode,
      txtRecord: txtRecordFor(p.domain, token),
      tenant: { id: p.source.tenantId, displayName: p.source.displayName },
    };
  }

  async function takeOver(actor: Actor, rawDomain: string, mode: TakeoverMode): Promise<TakeoverResult> {
    const first = await plan(db, actor.accountId, rawDomain, mode);
    if (mode === 'external' && !first.targetDomain) {
      throw conflict(
        'takeover.challenge_required',
        `Ask for the TXT record first (POST /api/v1/takeover/challenge), publish it at ${first.domain}, then try again.`,
      );
    }
    const token = mode === 'internal' ? first.source.verificationToken : first.targetDomain!.verificationToken;
    await proveTxtRecord(dns, first.domain, token);
    try {
      return await db.transaction(async (tx) => {
        // Lock the tenants involved in id order (two takeovers never deadlock), then re-check: the world may have
        // changed during the DNS lookup (another takeover, a removed domain, a demoted administrator).
        await lockTenants(tx, [first.source.tenantId, first.caller.tenantId]);
        const p = await plan(tx, actor.accountId, rawDomain, mode);
        if (p.source.tenantId !== first.source.tenantId || (mode === 'external' && !p.targetDomain)) {
          throw conflict('takeover.changed', `${p.domain} changed hands during the check. Try again.`);
        }
        return mode === 'internal' ? internal(tx, actor, p) : external(tx, actor, p);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'domains_verified_name_key')) throw verifiedElsewhere(first.domain);
      throw error;
    }
  }

  async function internal(tx: Transaction, actor: Actor, p: Plan): Promise<TakeoverResult> {
    const now = clock.now();
    const tenantId = p.source.tenantId;
    await tx.update(domains).set({ state: 'verified', verifiedAt: now }).where(eq(domains.id, p.source.domainId));
    await tx.update(tenants).set({ state: 'managed' }).where(eq(tenants.id, tenantId));
    await tx.update(accounts).set({ isGlobalAdmin: true }).where(eq(accounts.id, p.caller.id));
    const [row] = await tx
      .insert(takeovers)
      .values({
        mode: 'internal',
        domain: p.domain,
        sourceTenantId: tenantId,
        targetTenantId: tenantId,
        actorAccountId: p.caller.id,
        createdAt: now,
      })
      .returning({ id: takeovers.id });
    await recordAudit(tx, clock, {
      action: 'takeover.internal',
      actorKind: 'account',
      actorAccountId: actor.accountId,
      tenantId,
      target: p.domain,
      details: { takeoverId: row!.id },
      ip: actor.ip,
    });
    return {
      takeoverId: row!.id,
      mode: 'internal',
      domain: p.domain,
      tenant: { id: tenantId, displayName: p.source.displayName, state: 'managed' },
      movedAccountCount: 0,
    };
  }

  async function external(tx: Transaction, actor: Actor, p: Plan): Promise<TakeoverResult> {
    const now = clock.now();
    const sourceId = p.source.tenantId;
    const targetId = p.caller.tenantId!;
    // Identity is (tenant, object id): the object id and the sign-in name stay, only the tenant changes.
    const moved = await tx
      .update(accounts)
      .set({ tenantId: targetId })
      .where(and(eq(accounts.tenantId, sourceId), sql`split_part(${accounts.signInName}, '@', 2) = ${p.domain}`))
      .returning({ id: accounts.id });
    const movedIds = moved.map((a) => a.id);
    // SEAM — VL profiles (SPEC §2: "the unmanaged tenant's users (and their VL profiles) move with it"). When VL
    // profiles exist and carry the tenant, move those of `movedIds` from sourceId to targetId here, and back in
    // undo() below, in the same transaction. Profiles keyed by account id alone follow their accounts already.
    await tx.delete(domains).where(eq(domains.id, p.source.domainId));
    await tx
      .update(domains)
      .set({ state: 'verified', verifiedAt: now })
      .where(and(eq(domains.id, p.targetDomain!.id), eq(domains.state, 'unverified')));
    const [row] = await tx
      .insert(takeovers)
      .values({
        mode: 'external',
        domain: p.domain,
        sourceTenantId: sourceId,
        targetTenantId: targetId,
        actorAccountId: p.caller.id,
        movedAccountIds: movedIds,
        createdAt: now,
      })
      .returning({ id: takeovers.id });
    const details = {
      takeoverId: row!.id,
      sourceTenantId: sourceId,
      targetTenantId: targetId,
      movedAccountIds: movedIds,
    };
    // One entry per tenant, so each tenant's log tells its side of the story.
    for (const tenantId of [targetId, sourceId]) {
      await recordAudit(tx, clock, {
        action: 'takeover.external',
        actorKind: 'account',
        actorAccountId: actor.accountId,
        tenantId,
        target: p.domain,
        details,
        ip: actor.ip,
      });
    }
    const [target] = await tx
      .select({ displayName: tenants.displayName })
      .from(tenants)
      .where(eq(tenants.id, targetId));
    return {
      takeoverId: row!.id,
      mode: 'external',
      domain: p.domain,
      tenant: { id: targetId, displayName: target!.displayName, state: 'managed' },
      movedAccountCount: movedIds.length,
    };
  }

  /**
   * Puts everything a takeover changed back, within UNDO_WINDOW_MS (operators only; the route checks). Internal: the
   * tenant is unmanaged again, the domain unverified, and no account of it stays global administrator (an unmanaged
   * tenant has none — also any the new administrator appointed). External: the moved accounts return (without any
   * administrator role given meanwhile), the domain leaves the managed tenant and returns, unverified, to the
   * unmanaged one with a fresh token (a challenge value, not state anyone relies on). Accounts or domains created
   * after the takeover are left alone: an undo never deletes people.
   */
  async function undo(operator: Actor, takeoverId: string): Promise<UndoResult> {
    const missing = () => notFound('takeover.not_found', 'There is no takeover with this id.');
    if (!UUID.test(takeoverId)) throw missing();
    return db.transaction(async (tx) => {
      const [row] = await tx.select().from(takeovers).where(eq(takeovers.id, takeoverId)).for('update');
      if (!row) throw missing();
      if (row.undoneAt) {
        throw conflict('takeover.already_undone', `This takeover was already undone on ${row.undoneAt.toISOString()}.`);
      }
      const now = clock.now();
      const deadline = new Date(row.createdAt.getTime() + UNDO_WINDOW_MS);
      if (now > deadline) {
        throw conflict(
          'takeover.undo_expired',
          `A takeover can be undone for 10 days; this one (${row.createdAt.toISOString()}) could be undone until ${deadline.toISOString()}. Change the directories by hand instead.`,
        );
      }
      const sourceId = row.sourceTenantId;
      const targetId = row.targetTenantId;
      await lockTenants(tx, [sourceId, targetId]);
      let restored: { id: string }[];
      if (row.mode === 'internal') {
        await tx.update(tenants).set({ state: 'unmanaged' }).where(eq(tenants.id, sourceId));
        await tx
          .update(domains)
          .set({ state: 'unverified', verifiedAt: null })
          .where(and(eq(domains.tenantId, sourceId), eq(domains.name, row.domain)));
        restored = await tx
          .update(accounts)
          .set({ isGlobalAdmin: false })
          .where(and(eq(accounts.tenantId, sourceId), eq(accounts.isGlobalAdmin, true)))
          .returning({ id: accounts.id });
      } else {
        restored =
          row.movedAccountIds.length === 0
            ? []
            : await tx
                .update(accounts)
                .set({ tenantId: sourceId, isGlobalAdmin: false })
                .where(and(inArray(accounts.id, row.movedAccountIds), eq(accounts.tenantId, targetId)))
                .returning({ id: accounts.id });
        // SEAM — VL profiles: move those of `restored` back to sourceId here (see external()).
        await tx.delete(domains).where(and(eq(domains.tenantId, targetId), eq(domains.name, row.domain)));
        await tx
          .insert(domains)
          .values({
            tenantId: sourceId,
            name: row.domain,
            state: 'unverified',
            verificationToken: newToken(TOKEN_BYTES),
          })
          .onConflictDoNothing();
      }
      await tx.update(takeovers).set({ undoneAt: now, undoneBy: operator.accountId }).where(eq(takeovers.id, row.id));
      const details = { takeoverId: row.id, mode: row.mode, accountIds: restored.map((a) => a.id) };
      for (const tenantId of new Set([targetId, sourceId])) {
        await recordAudit(tx, clock, {
          action: 'takeover.undone',
          actorKind: 'operator',
          actorAccountId: operator.accountId,
          tenantId,
          target: row.domain,
          details,
          ip: operator.ip,
        });
      }
      return {
        takeoverId: row.id,
        mode: row.mode as TakeoverMode,
        undoneAt: now.toISOString(),
        restoredAccountCount: restored.length,
      };
    });
  }

  return { challenge, takeOver, undo };
}

export type TakeoverService = ReturnType<typeof createTakeoverService>;

/** Row locks on tenants, always in id order so that concurrent takeovers and undos cannot deadlock. */
async function lockTenants(tx: Transaction, ids: (string | null)[]): Promise<void> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(inArray(tenants.id, unique))
    .orderBy(asc(tenants.id))
    .for('update');
}
