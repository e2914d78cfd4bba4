// Product keys are assigned when orders arrive (issue 6): agreements' createOrders calls `assignKeysForOrders` in its
// own transaction, so an order and its keys commit together. For each (License ID, product that needs a key) on the
// new orders, the License ID gets one key of each of the product's key types it does not hold yet, taken from the
// pool oldest first (FOR UPDATE SKIP LOCKED: concurrent orders never take the same key and never wait on each other).
//
// An empty pool does not refuse the order — the sale happened, and the partner cannot fill the publisher's pool — but
// it is never a silent gap either: a `key_shortfalls` row is written (and audited) that the operator console lists,
// the customer's keys page shows the key as pending, and loading keys of that product and type fills open shortfalls
// first (keys.ts `loadKeys`).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Executor, Transaction } from '../../db/client.js';
import { keyShortfalls, orderLines, orders, productKeys, products } from '../../db/schema.js';
import { keyTypesOf } from '../../domain/catalog.js';
import { recordAudits, type AuditEntry } from '../audit/service.js';

export type NewOrder = { orderId: string; licenseIdId: string; licenseIdNumber: string };
/** The first key of the two-key advisory locks that serialize key assignment per License ID. */
const KEY_ASSIGNMENT_LOCK_ID = 7_351_030;

type Need = { licenseIdId: string; licenseIdNumber: string; productId: string; type: string; orderId: string };

const keyOf = (n: { licenseIdId: string; productId: string; type: string }) =>
  `${n.licenseIdId}\n${n.productId}\n${n.type}`;

/** Takes up to `count` keys of (product, type) from the pool, oldest first, locked for this transaction. */
export async function takeFromPool(tx: Executor, productId: string, type: string, count: number) {
  return tx
    .select({ id: productKeys.id })
    .from(productKeys)
    .where(and(eq(productKeys.productId, productId), eq(productKeys.type, type), isNull(productKeys.licenseIdId)))
    .orderBy(asc(productKeys.createdAt), asc(productKeys.id))
    .limit(count)
    .for('update', { skipLocked: true });
}

/** Writes the assignments (key id → License ID, order) in one statement. */
export async function assignKeys(
  tx: Executor,
  now: Date,
  assignments: readonly { keyId: string; licenseIdId: string; orderId: string | null }[],
): Promise<void> {
  if (assignments.length === 0) return;
  const rows = JSON.stringify(
    assignments.map((a) => ({ id: a.keyId, license_id_id: a.licenseIdId, order_id: a.orderId })),
  );
  await tx.execute(sql`
    update product_keys k set license_id_id = r.license_id_id, order_id = r.order_id,
                              assigned_at = ${now.toISOString()}::timestamptz
    from json_to_recordset(${rows}::json) as r(id uuid, license_id_id uuid, order_id uuid)
    where k.id = r.id and k.license_id_id is null`);
}

export async function assignKeysForOrders(
  tx: Transaction,
  clock: Clock,
  newOrders: readonly NewOrder[],
  actor: Omit<AuditEntry, 'action'>,
): Promise<void> {
  if (newOrders.length === 0) return;
  const numberOf = new Map(newOrders.map((o) => [o.licenseIdId, o.licenseIdNumber]));
  const ordered = await tx
    .selectDistinct({
      orderId: orders.id,
      licenseIdId: orders.licenseIdId,
      productId: products.id,
      needsKey: products.needsKey,
      keyTypes: products.keyTypes,
    })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .innerJoin(products, eq(products.id, orderLines.productId))
    .where(
      and(
        inArray(
          orders.id,
          newOrders.map((o) => o.orderId),
        ),
        eq(products.needsKey, true),
      ),
    );
  if (ordered.length === 0) return;

  // What each License ID already holds or already waits for — read under a transaction-scoped lock per License ID
  // (taken in one order, so two transactions never wait on each other in a cycle): two orders of one product arriving
  // at once give the License ID one key, not two.
  const licenseIdIds = [...new Set(ordered.map((o) => o.licenseIdId))].sort();
  await tx.execute(sql`
    select pg_advisory_xact_lock(${KEY_ASSIGNMENT_LOCK_ID}, hashtext(id))
    from json_array_elements_text(${JSON.stringify(licenseIdIds)}::json) as t(id)`);
  const productIds = [...new Set(ordered.map((o) => o.productId))];
  const held = new Set(
    [
      ...(await tx
        .select({ licenseIdId: productKeys.licenseIdId, productId: productKeys.productId, type: productKeys.type })
        .from(productKeys)
        .where(and(inArray(productKeys.licenseIdId, licenseIdIds), inArray(productKeys.productId, productIds)))),
      ...(await tx
        .select({
          licenseIdId: keyShortfalls.licenseIdId,
          productId: keyShortfalls.productId,
          type: keyShortfalls.type,
        })
        .from(keyShortfalls)
        .where(
          and(
            inArray(keyShortfalls.licenseIdId, licenseIdIds),
            inArray(keyShortfalls.productId, productIds),
            isNull(keyShortfalls.resolvedAt),
          ),
        )),
    ].map((r) => keyOf({ licenseIdId: r.licenseIdId!, productId: r.productId, type: r.type })),
  );

  const needs: Need[] = [];
  for (const o of ordered) {
    for (const type of keyTypesOf(o)) {
      const need = { licenseIdId: o.licenseIdId, productId: o.productId, type };
      if (held.has(keyOf(need))) continue;
      held.add(keyOf(need));
      needs.push({ ...need, orderId: o.orderId, licenseIdNumber: numberOf.get(o.licenseIdId) ?? '' });
    }
  }
  if (needs.length === 0) return;

  const byPool = new Map<string, Need[]>();
  for (const need of needs) {
    const pool = `${need.productId}\n${need.type}`;
    byPool.set(pool, [...(byPool.get(pool) ?? []), need]);
  }
  const now = clock.now();
  const assigned: { keyId: string; need: Need }[] = [];
  const short: Need[] = [];
  for (const group of byPool.values()) {
    const keys = await takeFromPool(tx, group[0]!.productId, group[0]!.type, group.length);
    group.forEach((need, i) => (keys[i] ? assigned.push({ keyId: keys[i].id, need }) : short.push(need)));
  }
  await assignKeys(
    tx,
    now,
    assigned.map((a) => ({ keyId: a.keyId, licenseIdId: a.need.licenseIdId, orderId: a.need.orderId })),
  );
  if (short.length > 0) {
    await tx
      .insert(keyShortfalls)
      .values(
        short.map((s) => ({
          licenseIdId: s.licenseIdId,
          productId: s.productId,
          type: s.type,
          orderId: s.orderId,
          createdAt: now,
        })),
      )
      .onConflictDoNothing();
  }
  await recordAudits(tx, clock, [
    ...assigned.map((a) => ({
      ...actor,
      action: 'product_key.assigned',
      licenseIdNumber: a.need.licenseIdNumber,
      target: a.keyId,
      details: { ...actor.details, productId: a.need.productId, type: a.need.type, orderId: a.need.orderId },
    })),
    ...short.map((s) => ({
      ...actor,
      action: 'product_key.shortfall',
      licenseIdNumber: s.licenseIdNumber,
      target: s.productId,
      details: { ...actor.details, productId: s.productId, type: s.type, orderId: s.orderId },
    })),
  ]);
}
