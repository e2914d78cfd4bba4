// Product keys are assigned when orders arrive (issue 6): agreements' createOrders calls `assignKeysForOrders` in its
// own transaction, so an order and its keys commit together. For each (License ID, product that needs a key) on the
// new orders, the License ID gets one key of each of the product's key types it does not hold yet, taken from the
// pool oldest first.
//
// An empty pool does not refuse the order — the sale happened, and the partner cannot fill the publisher's pool — but
// it is never a silent gap either: a `key_shortfalls` row is written (and audited) that the operator console lists,
// the customer's keys page shows the key as pending, and loading keys of that product and type fills open shortfalls
// first (`fillShortfalls`).
//
// Orders can also arrive before their product is in the catalog, or before it needs a key of some type. When the
// operator adds the product, changes its key types or loads keys, `backfillProductKeys` catches up in that
// transaction: it links the earlier order lines to the product, records a shortfall for every (License ID, key type)
// that has neither a key nor an open shortfall, and serves open shortfalls from the pool — all set-based.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import { queryRows, type Executor, type Transaction } from '../../db/client.js';
import {
  keyShortfalls,
  licenseIds,
  orderLines,
  orders,
  productFamilies,
  productKeys,
  products,
} from '../../db/schema.js';
import { keyTypesOf } from '../../domain/catalog.js';
import { lockAuditChain, recordAudits, type AuditEntry } from '../audit/service.js';

export type NewOrder = { orderId: string; licenseIdId: string; licenseIdNumber: string };
type Actor = Omit<AuditEntry, 'action'>;

/**
 * Every key assignment — order arrival, backfill, pool load — reads what License IDs hold and writes keys and
 * shortfalls under the audit chain's lock, held to the end of the transaction. Each of them appends audit entries
 * anyway, so it would hold that global lock to its commit regardless; taking it before the reads makes each one see
 * every earlier assignment, with no lock of its own that two transactions could take in opposite orders (a bulk import
 * already holds the chain when its orders arrive).
 */
export const lockKeyAssignment = lockAuditChain;

type Need = { licenseIdId: string; licenseIdNumber: string; productId: string; type: string; orderId: string };

const keyOf = (n: { licenseIdId: string; productId: string; type: string }) =>
  `${n.licenseIdId}\n${n.productId}\n${n.type}`;

/** Takes up to `count` keys of (product, type) from the pool, oldest first, locked for this transaction. */
async function takeFromPool(tx: Executor, productId: string, type: string, count: number) {
  return tx
    .select({ id: productKeys.id })
    .from(productKeys)
    .where(and(eq(productKeys.productId, productId), eq(productKeys.type, type), isNull(productKeys.licenseIdId)))
    .orderBy(asc(productKeys.createdAt), asc(productKeys.id))
    .limit(count)
    .for('update', { skipLocked: true });
}

/** Writes the assignments (key id → License ID, order) in one statement. */
async function assignKeys(
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
  actor: Actor,
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

  // What each License ID already holds or already waits for is read under the audit chain's lock (see
  // `lockKeyAssignment`): two orders of one product arriving at once give the License ID one key, not two.
  await lockKeyAssignment(tx);
  const licenseIdIds = [...new Set(ordered.map((o) => o.licenseIdId))];
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

/**
 * Serves the open shortfalls of (`productId`, each of `types`) from the pool: the oldest shortfall first (then the
 * oldest order), one key each while the pool lasts. One round of statements per key type, none per shortfall.
 * Returns how many were filled. The caller holds `lockKeyAssignment`.
 */
async function fillShortfalls(
  tx: Transaction,
  clock: Clock,
  productId: string,
  types: readonly string[],
  actor: Actor,
): Promise<number> {
  const now = clock.now();
  const filled: { id: string; licenseIdId: string; number: string; type: string; keyId: string }[] = [];
  for (const type of types) {
    const open = await tx
      .select({ id: keyShortfalls.id, licenseIdId: keyShortfalls.licenseIdId, number: licenseIds.number })
      .from(keyShortfalls)
      .innerJoin(licenseIds, eq(licenseIds.id, keyShortfalls.licenseIdId))
      .leftJoin(orders, eq(orders.id, keyShortfalls.orderId))
      .where(
        and(eq(keyShortfalls.productId, productId), eq(keyShortfalls.type, type), isNull(keyShortfalls.resolvedAt)),
      )
      .orderBy(asc(keyShortfalls.createdAt), asc(orders.createdAt), asc(keyShortfalls.id))
      .for('update', { of: keyShortfalls, skipLocked: true });
    if (open.length === 0) continue;
    const keys = await takeFromPool(tx, productId, type, open.length);
    keys.forEach((key, i) => filled.push({ ...open[i]!, type, keyId: key.id }));
  }
  if (filled.length === 0) return 0;
  await assignKeys(
    tx,
    now,
    filled.map((f) => ({ keyId: f.keyId, licenseIdId: f.licenseIdId, orderId: null })),
  );
  const resolved = JSON.stringify(filled.map((f) => ({ id: f.id, key_id: f.keyId })));
  await tx.execute(sql`
    update key_shortfalls s set resolved_at = ${now.toISOString()}::timestamptz, resolved_key_id = r.key_id
    from json_to_recordset(${resolved}::json) as r(id uuid, key_id uuid) where s.id = r.id`);
  await recordAudits(
    tx,
    clock,
    filled.map((f) => ({
      ...actor,
      action: 'product_key.assigned',
      licenseIdNumber: f.number,
      target: f.keyId,
      details: { ...actor.details, productId, type: f.type, shortfallId: f.id },
    })),
  );
  return filled.length;
}

/**
 * Catches up on orders that arrived before the product entered the catalog or before it needed a key of some type:
 * links their order lines to the product (by family, name and version, as on arrival), records an audited shortfall
 * for every (License ID that ordered it, key type) with neither a key nor an open shortfall — one INSERT … SELECT —
 * and serves open shortfalls from the pool. Returns how many shortfalls got a key. Runs in the operator's
 * transaction.
 */
export async function backfillProductKeys(
  tx: Transaction,
  clock: Clock,
  productId: string,
  actor: Actor,
): Promise<number> {
  await lockKeyAssignment(tx);
  const [product] = await tx
    .select({ product: products, family: productFamilies.name })
    .from(products)
    .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
    .where(eq(products.id, productId));
  if (!product) return 0;
  const { name, version, needsKey, keyTypes } = product.product;
  await tx.execute(sql`
    update order_lines set product_id = ${productId}
    where product_id is null and product_family = ${product.family} and product = ${name} and version = ${version}`);
  const types = keyTypesOf({ needsKey, keyTypes });
  if (types.length === 0) return 0;

  const now = clock.now();
  const claimed = await queryRows<{ id: string; type: string; orderId: string; licenseIdNumber: string }>(
    tx,
    sql`
    with missing as (
      select distinct on (o.license_id_id, t.type) o.license_id_id, t.type, o.id as order_id
      from order_lines ol
      join orders o on o.id = ol.order_id
      cross join json_array_elements_text(${JSON.stringify(types)}::json) as t(type)
      where ol.product_id = ${productId}
        and not exists (select 1 from product_keys k
                        where k.license_id_id = o.license_id_id and k.product_id = ol.product_id and k.type = t.type)
        and not exists (select 1 from key_shortfalls s
                        where s.license_id_id = o.license_id_id and s.product_id = ol.product_id and s.type = t.type
                          and s.resolved_at is null)
      order by o.license_id_id, t.type, o.created_at, o.id
    ), claimed as (
      insert into key_shortfalls (license_id_id, product_id, type, order_id, created_at)
      select license_id_id, ${productId}, type, order_id, ${now.toISOString()}::timestamptz from missing
      on conflict do nothing
      returning id, license_id_id, type, order_id
    )
    select c.id, c.type, c.order_id as "orderId", l.number as "licenseIdNumber"
    from claimed c join license_ids l on l.id = c.license_id_id`,
  );
  await recordAudits(
    tx,
    clock,
    claimed.map((c) => ({
      ...actor,
      action: 'product_key.shortfall',
      licenseIdNumber: c.licenseIdNumber,
      target: productId,
      details: { ...actor.details, productId, type: c.type, orderId: c.orderId, backfill: true },
    })),
  );
  return fillShortfalls(tx, clock, productId, types, actor);
}
