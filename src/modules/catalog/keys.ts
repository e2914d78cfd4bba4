// Product keys (SPEC §3, §8): operators load pools per product and type; keys are sealed with AES-256-GCM under the
// server key (context `product-key`) and never stored in plain text; a VL user with `keys.view` lists them masked,
// reveals one (audited) or exports them tab-delimited (audited per License ID). Assignment on order arrival is in
// key-assignment.ts.
import { createHmac, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import { decryptSecret, encryptSecret } from '../../crypto.js';
import { isAnyOf, type Database } from '../../db/client.js';
import {
  keyShortfalls,
  licenseIds,
  organizations,
  productFamilies,
  productKeys,
  products,
  programs,
} from '../../db/schema.js';
import {
  KEY_EXPORT_COLUMNS,
  keyTypesOf,
  maskProductKey,
  normalizeProductKey,
  PRODUCT_KEY_TYPES,
  tsvLine,
} from '../../domain/catalog.js';
import { badRequest, conflict, notFound } from '../../domain/errors.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from '../agreements/paging.js';
import { recordAudit, recordAudits } from '../audit/service.js';
import type { SignedInAccount } from '../session/service.js';
import { licenseIdNotFound, type LicenseIdGrant, type VlAccessService } from '../vl-access/service.js';
import { backfillProductKeys } from './key-assignment.js';
import { orderedProductIds } from './queries.js';
import type {
  KeyShortfallView,
  LoadKeysInput,
  LoadKeysResultView,
  ProductKeysView,
  ProductKeyView,
  RevealedKeyView,
} from './schemas.js';
import { auditActor, type CatalogActor } from './service.js';

const KEY_CONTEXT = 'product-key';
/** Keys per query while exporting. */
const EXPORT_BATCH = 1000;
/** License IDs one cross-License-ID export may name. */
export const MAX_EXPORT_LICENSE_IDS = 1000;

const iso = (d: Date) => d.toISOString();

export function createKeysService(deps: { db: Database; clock: Clock; secretKey: Buffer; vlAccess: VlAccessService }) {
  const { db, clock, secretKey, vlAccess } = deps;
  const hmacKey = createHmac('sha256', secretKey).update('vlcenter product-key-hmac v1').digest();
  const keyHmac = (key: string) => createHmac('sha256', hmacKey).update(key).digest('hex');
  const reveal = (sealed: string) => decryptSecret(secretKey, sealed, KEY_CONTEXT);

  // ------------------------------------------------------------ operator: pools and shortfalls

  /**
   * Adds keys to the pool of (product, type); keys loaded before (anywhere) are skipped. Then, in the same transaction,
   * the oldest open shortfalls of the product get keys from the pool, and License IDs that ordered it before it needed
   * a key of a type get theirs (key-assignment.ts `backfillProductKeys`).
   */
  async function loadKeys(actor: CatalogActor, productId: string, input: LoadKeysInput): Promise<LoadKeysResultView> {
    const [product] = await db.select().from(products).where(eq(products.id, productId));
    if (!product) throw notFound('product.not_found', 'There is no product with this id in the catalog.');
    if (!product.needsKey)
      throw conflict(
        'product.needs_no_key',
        `${product.name} ${product.version} does not require a product key. Change the product first if it should.`,
      );
    const types = keyTypesOf(product);
    if (!types.includes(input.type))
      throw badRequest(
        'request.invalid',
        `The request is not valid: body.type is not a key type of this product (it has ${types.join(', ')}).`,
        [
          {
            name: 'body.type',
            message: `is not a key type of this product (it has ${types.join(', ')})`,
            rule: 'key_type_unknown',
          },
        ],
      );
    const now = clock.now();
    const seen = new Set<string>();
    const rows: (typeof productKeys.$inferInsert)[] = [];
    for (const entry of input.keys) {
      const key = normalizeProductKey(entry.key);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        productId,
        type: input.type,
        keyEncrypted: encryptSecret(secretKey, key, KEY_CONTEXT),
        keyHmac: keyHmac(key),
        activationsAllowed: entry.activationsAllowed ?? null,
        seats: entry.seats ?? null,
        onlineActivationState: input.type === 'online-activation' ? 'available' : null,
        createdAt: now,
      });
    }
    // The pool hands out keys oldest first by (created_at, id): ids ascending in load order keep a load's own order.
    const ids = rows.map(() => randomUUID()).sort();
    rows.forEach((row, i) => (row.id = ids[i]!));
    return db.transaction(async (tx) => {
      let loaded = 0;
      for (let start = 0; start < rows.length; start += 1000) {
        const inserted = await tx
          .insert(productKeys)
          .values(rows.slice(start, start + 1000))
          .onConflictDoNothing()
          .returning({ id: productKeys.id });
        loaded += inserted.length;
      }
      // Open shortfalls first (oldest first), then License IDs whose orders came before the product needed this key.
      const filled = await backfillProductKeys(tx, clock, productId, auditActor(actor));
      await recordAudit(tx, clock, {
        ...auditActor(actor),
        action: 'product_keys.loaded',
        target: productId,
        details: { type: input.type, loaded, duplicates: input.keys.length - loaded, shortfallsFilled: filled },
      });
      const [{ available }] = (await tx
        .select({ available: sql<number>`count(*)::int` })
        .from(productKeys)
        .where(
          and(eq(productKeys.productId, productId), eq(productKeys.type, input.type), isNull(productKeys.licenseIdId)),
        )) as [{ available: number }];
      return { loaded, duplicates: input.keys.length - loaded, shortfallsFilled: filled, available };
    });
  }

  /** Open shortfalls, oldest first: License IDs owed a key the pool did not have. */
  async function listShortfalls(options: {
    cursor?: string | undefined;
    limit?: number | undefined;
  }): Promise<PageOf<KeyShortfallView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({
        shortfall: keyShortfalls,
        createdText: sql<string>`${keyShortfalls.createdAt}::text`,
        number: licenseIds.number,
        organizationName: organizations.name,
        family: productFamilies.name,
        name: products.name,
        version: products.version,
      })
      .from(keyShortfalls)
      .innerJoin(licenseIds, eq(licenseIds.id, keyShortfalls.licenseIdId))
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(products, eq(products.id, keyShortfalls.productId))
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(
        and(
          isNull(keyShortfalls.resolvedAt),
          key
            ? sql`(${keyShortfalls.createdAt}, ${keyShortfalls.id}) > (${key[0]}::timestamptz, ${key[1]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(keyShortfalls.createdAt), asc(keyShortfalls.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => ({
        id: r.shortfall.id,
        licenseIdNumber: r.number,
        organizationName: r.organizationName,
        productId: r.shortfall.productId,
        product: `${r.name} ${r.version}`,
        type: r.shortfall.type as KeyShortfallView['type'],
        orderId: r.shortfall.orderId,
        createdAt: iso(r.shortfall.createdAt),
      }),
      (r) => [r.createdText, r.shortfall.id],
    );
  }

  // ------------------------------------------------------------ customer: keys of one License ID

  const keyView = (k: typeof productKeys.$inferSelect): ProductKeyView => ({
    id: k.id,
    type: k.type as ProductKeyView['type'],
    maskedKey: maskProductKey(reveal(k.keyEncrypted)),
    activationsAllowed: k.activationsAllowed,
    activationsUsed: k.activationsUsed,
    seats: k.seats,
    onlineActivationState: k.onlineActivationState as ProductKeyView['onlineActivationState'],
    assignedAt: k.assignedAt ? iso(k.assignedAt) : null,
  });

  /**
   * Per product ordered on the License ID (or holding keys or a shortfall there): its keys, masked; the key types it
   * still waits for; or that it needs no key. Products by family, name and version.
   */
  async function listKeys(
    grant: LicenseIdGrant,
    options: { cursor?: string | undefined; limit?: number | undefined },
  ): Promise<PageOf<ProductKeysView> & { licenseIdNumber: string }> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(options.cursor, 4);
    const ids = sql`(
      select product_id from ${orderedProductIds(grant.id)} as ordered(product_id)
      union select product_id from product_keys where license_id_id = ${grant.id}
      union select product_id from key_shortfalls where license_id_id = ${grant.id} and resolved_at is null
    )`;
    const rows = await db
      .select({ product: products, family: productFamilies.name })
      .from(products)
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(
        and(
          sql`${products.id} in ${ids}`,
          cursor
            ? sql`(${productFamilies.name}, ${products.name}, ${products.version}, ${products.id}) > (${cursor[0]}, ${cursor[1]}, ${cursor[2]}, ${cursor[3]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(productFamilies.name), asc(products.name), asc(products.version), asc(products.id))
      .limit(limit + 1);
    const productIds = rows.slice(0, limit).map((r) => r.product.id);
    const keys =
      productIds.length === 0
        ? []
        : await db
            .select()
            .from(productKeys)
            .where(and(eq(productKeys.licenseIdId, grant.id), inArray(productKeys.productId, productIds)))
            .orderBy(asc(productKeys.type), asc(productKeys.assignedAt), asc(productKeys.id));
    const pending =
      productIds.length === 0
        ? []
        : await db
            .select({ productId: keyShortfalls.productId, type: keyShortfalls.type })
            .from(keyShortfalls)
            .where(
              and(
                eq(keyShortfalls.licenseIdId, grant.id),
                inArray(keyShortfalls.productId, productIds),
                isNull(keyShortfalls.resolvedAt),
              ),
            );
    const page = pageOf(
      rows,
      limit,
      ({ product, family }): ProductKeysView => {
        const own = keys.filter((k) => k.productId === product.id).map(keyView);
        const waiting = PRODUCT_KEY_TYPES.filter((t) =>
          pending.some((p) => p.productId === product.id && p.type === t),
        );
        return {
          productId: product.id,
          family,
          name: product.name,
          version: product.version,
          needsKey: product.needsKey,
          note: !product.needsKey
            ? 'This product does not require a product key.'
            : waiting.length > 0
              ? 'A product key for this product is pending: the publisher has been told and will assign it.'
              : null,
          keys: own,
          pendingKeyTypes: waiting,
        };
      },
      (r) => [r.family, r.product.name, r.product.version, r.product.id],
    );
    return { licenseIdNumber: grant.number, ...page };
  }

  async function revealKey(
    account: SignedInAccount,
    grant: LicenseIdGrant,
    keyId: string,
    purpose: 'show' | 'copy',
    ip: string,
  ): Promise<RevealedKeyView> {
    const [row] = await db
      .select()
      .from(productKeys)
      .where(and(eq(productKeys.id, keyId), eq(productKeys.licenseIdId, grant.id)));
    if (!row) throw notFound('product_key.not_found', `License ID ${grant.number} has no product key with this id.`);
    const key = reveal(row.keyEncrypted);
    await db.transaction((tx) =>
      recordAudit(tx, clock, {
        action: 'product_key.revealed',
        actorKind: 'account',
        actorAccountId: account.id,
        tenantId: account.tenantId,
        licenseIdNumber: grant.number,
        target: row.id,
        details: { productId: row.productId, type: row.type, purpose },
        ip,
      }),
    );
    return { id: row.id, productId: row.productId, type: row.type as RevealedKeyView['type'], key };
  }

  // ------------------------------------------------------------ customer: export

  /** The keys an export of one License ID may hold (the route has checked the caller's `keys.view` on it). */
  const keysOfLicenseId = (grant: Pick<LicenseIdGrant, 'id'>): SQL => eq(productKeys.licenseIdId, grant.id);

  /**
   * The keys an export across License IDs may hold, as a condition on product_keys: those of the License IDs among
   * `numbers` (all of the caller's when omitted) on which the caller holds `keys.view`. A named number the caller may
   * not view keys on is a 404, like an unknown one. Without names the License IDs stay in the database (a subquery):
   * a caller may hold roles on 100,000 of them.
   */
  async function keyExportScope(account: SignedInAccount, numbers: readonly string[] | undefined): Promise<SQL> {
    if (numbers === undefined)
      return inArray(
        productKeys.licenseIdId,
        vlAccess.licenseIdsWith(account, 'all', 'keys.view', { id: licenseIds.id }),
      );
    const grants = await vlAccess.grantsOn(account, numbers);
    const missing = numbers.find((n) => !grants.get(n)?.capabilities.includes('keys.view'));
    if (missing !== undefined) {
      const error = licenseIdNotFound(missing);
      error.extra.fields = [
        {
          name: 'querystring.licenseIdNumbers',
          message: `names ${missing}, which you may not view keys on`,
          rule: 'license_id_unknown',
        },
      ];
      throw error;
    }
    return isAnyOf(
      productKeys.licenseIdId,
      numbers.map((n) => grants.get(n)!.id),
      'uuid',
    );
  }

  /**
   * The keys `scope` allows (or only `keyIds` among them) as tab-delimited text with a header row, SPEC §7's columns,
   * produced in keyset batches so memory stays flat. Before the first chunk: the selection is checked (an unknown key
   * id is a 404) and one audit entry is written per License ID whose keys the export holds — an export that breaks
   * off midway is still audited; a License ID with no key in it had nothing revealed.
   */
  async function* exportKeys(
    account: SignedInAccount,
    scope: SQL,
    keyIds: readonly string[] | undefined,
    ip: string,
  ): AsyncGenerator<string> {
    const selection = keyIds ? and(scope, inArray(productKeys.id, [...keyIds]))! : scope;
    const counted = await db
      .select({ number: licenseIds.number, count: sql<number>`count(*)::int` })
      .from(productKeys)
      .innerJoin(licenseIds, eq(licenseIds.id, productKeys.licenseIdId))
      .where(selection)
      .groupBy(licenseIds.number)
      .orderBy(asc(licenseIds.number));
    const total = counted.reduce((n, c) => n + c.count, 0);
    if (keyIds && total !== keyIds.length)
      throw notFound(
        'product_key.not_found',
        'Some of the selected product keys are not on the License IDs you export.',
      );
    await db.transaction((tx) =>
      recordAudits(
        tx,
        clock,
        counted.map((c) => ({
          action: 'product_keys.exported',
          actorKind: 'account' as const,
          actorAccountId: account.id,
          tenantId: account.tenantId,
          licenseIdNumber: c.number,
          details: { keys: c.count, selection: keyIds ? 'selected' : 'all' },
          ip,
        })),
      ),
    );
    yield tsvLine(KEY_EXPORT_COLUMNS);
    let after: string[] | undefined;
    for (;;) {
      const rows = await db
        .select({
          key: productKeys,
          number: licenseIds.number,
          programName: programs.name,
          organizationName: organizations.name,
          family: productFamilies.name,
          name: products.name,
          version: products.version,
        })
        .from(productKeys)
        .innerJoin(licenseIds, eq(licenseIds.id, productKeys.licenseIdId))
        .innerJoin(programs, eq(programs.id, licenseIds.programId))
        .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
        .innerJoin(products, eq(products.id, productKeys.productId))
        .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
        .where(
          and(
            selection,
            after
              ? sql`(${licenseIds.number}, ${productFamilies.name}, ${products.name}, ${products.version}, ${productKeys.type}, ${productKeys.id}) > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]}, ${after[4]}, ${after[5]}::uuid)`
              : undefined,
          ),
        )
        .orderBy(
          asc(licenseIds.number),
          asc(productFamilies.name),
          asc(products.name),
          asc(products.version),
          asc(productKeys.type),
          asc(productKeys.id),
        )
        .limit(EXPORT_BATCH);
      if (rows.length === 0) return;
      let text = '';
      for (const r of rows) {
        const k = r.key;
        text += tsvLine([
          r.number,
          r.programName,
          r.organizationName,
          `${r.name} ${r.version}`,
          reveal(k.keyEncrypted),
          k.type,
          k.activationsAllowed === null ? null : k.activationsUsed,
          k.activationsAllowed === null ? null : Math.max(0, k.activationsAllowed - k.activationsUsed),
          k.seats,
          k.onlineActivationState,
        ]);
      }
      yield text;
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = [last.number, last.family, last.name, last.version, last.key.type, last.key.id];
    }
  }

  return { loadKeys, listShortfalls, listKeys, revealKey, keysOfLicenseId, keyExportScope, exportKeys };
}

export type KeysService = ReturnType<typeof createKeysService>;
