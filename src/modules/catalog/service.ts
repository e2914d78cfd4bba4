// The product catalog and downloads (SPEC §3, §8): operators add products and upload their files (streamed into the
// FileStore, SHA-256 computed on the way, size-limited); a VL user with `software.download` on a License ID sees what
// the program's catalog visibility allows (domain/catalog.ts `downloadScope`), asks for a short-lived signed link, and
// fetches the file through it with HTTP Range support. Every link issued and every download is audited.
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import {
  accounts,
  downloadFiles,
  keyShortfalls,
  licenseIds,
  productFamilies,
  productKeys,
  products,
  programs,
} from '../../db/schema.js';
import type { Cloud } from '../../domain/clouds.js';
import {
  downloadScope,
  keyTypesOf,
  parseRange,
  PRODUCT_KEY_TYPES,
  type CatalogVisibility,
} from '../../domain/catalog.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../domain/errors.js';
import { effectiveLicenseIdStatus, isoDay } from '../../domain/license-ids.js';
import { recordAudit, recordAuditAlone, type AuditEntry } from '../audit/service.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf } from '../agreements/paging.js';
import type { SignedInAccount } from '../session/service.js';
import type { LicenseIdGrant, VlAccessService } from '../vl-access/service.js';
import type { DownloadLinkSigner } from './download-links.js';
import type { FileStore } from './file-store.js';
import { backfillProductKeys, lockKeyAssignment } from './key-assignment.js';
import { orderedProductIds } from './queries.js';
import type {
  CreateProductInput,
  DownloadableProductView,
  DownloadFileView,
  DownloadLinkView,
  DownloadsPageView,
  ProductView,
  UpdateProductInput,
  UploadFileInput,
} from './schemas.js';

/** Who changes the catalog: an operator through the API, or the CLI on the server (system). */
export type CatalogActor = { kind: 'operator' | 'system'; accountId: string | null; ip: string | null };

/** Signed download links live this long. */
export const DOWNLOAD_LINK_TTL_SECONDS = 5 * 60;

const iso = (d: Date) => d.toISOString();

export const auditActor = (actor: CatalogActor): Pick<AuditEntry, 'actorKind' | 'actorAccountId' | 'ip'> => ({
  actorKind: actor.kind,
  actorAccountId: actor.accountId,
  ip: actor.ip,
});

const productNotFound = () => notFound('product.not_found', 'There is no product with this id in the catalog.');

const fileView = (f: typeof downloadFiles.$inferSelect): DownloadFileView => ({
  id: f.id,
  fileName: f.fileName,
  language: f.language,
  os: f.os as DownloadFileView['os'],
  architecture: f.architecture as DownloadFileView['architecture'],
  format: f.format as DownloadFileView['format'],
  size: f.size,
  sha256: f.sha256,
  createdAt: iso(f.createdAt),
});

/** What a download route answers: the status, headers and the bytes (Fastify sends no body to HEAD). */
export type ServedDownload = { status: 200 | 206; headers: Record<string, string>; body: Readable };

export function createCatalogService(deps: {
  db: Database;
  clock: Clock;
  config: Config;
  files: FileStore;
  links: DownloadLinkSigner;
  vlAccess: VlAccessService;
}) {
  const { db, clock, config, files, links, vlAccess } = deps;

  // ------------------------------------------------------------ operator: products

  async function productViews(executor: Executor, where: SQL | undefined): Promise<ProductView[]> {
    const rows = await executor
      .select({ product: products, family: productFamilies.name })
      .from(products)
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(where)
      .orderBy(asc(productFamilies.name), asc(products.name), asc(products.version), asc(products.id));
    const ids = rows.map((r) => r.product.id);
    if (ids.length === 0) return [];
    const fileRows = await executor
      .select()
      .from(downloadFiles)
      .where(inArray(downloadFiles.productId, ids))
      .orderBy(
        asc(downloadFiles.language),
        asc(downloadFiles.os),
        asc(downloadFiles.architecture),
        asc(downloadFiles.fileName),
      );
    const pools = await executor
      .select({
        productId: productKeys.productId,
        type: productKeys.type,
        available: sql<number>`(count(*) filter (where ${productKeys.licenseIdId} is null))::int`,
        assigned: sql<number>`(count(*) filter (where ${productKeys.licenseIdId} is not null))::int`,
      })
      .from(productKeys)
      .where(inArray(productKeys.productId, ids))
      .groupBy(productKeys.productId, productKeys.type);
    const shortfalls = await executor
      .select({ productId: keyShortfalls.productId, type: keyShortfalls.type, count: sql<number>`count(*)::int` })
      .from(keyShortfalls)
      .where(and(inArray(keyShortfalls.productId, ids), isNull(keyShortfalls.resolvedAt)))
      .groupBy(keyShortfalls.productId, keyShortfalls.type);
    return rows.map(({ product, family }) => {
      const types = new Set<string>([
        ...keyTypesOf(product),
        ...pools.filter((p) => p.productId === product.id).map((p) => p.type),
      ]);
      return {
        id: product.id,
        family,
        name: product.name,
        version: product.version,
        pool: product.pool as ProductView['pool'],
        needsKey: product.needsKey,
        keyTypes: keyTypesOf(product),
        files: fileRows.filter((f) => f.productId === product.id).map(fileView),
        keyPools: PRODUCT_KEY_TYPES.filter((t) => types.has(t)).map((type) => {
          const pool = pools.find((p) => p.productId === product.id && p.type === type);
          return {
            type,
            available: pool?.available ?? 0,
            assigned: pool?.assigned ?? 0,
            shortfalls: shortfalls.find((s) => s.productId === product.id && s.type === type)?.count ?? 0,
          };
        }),
        createdAt: iso(product.createdAt),
      };
    });
  }

  async function getProduct(id: string, executor: Executor = db): Promise<ProductView> {
    const [view] = await productViews(executor, eq(products.id, id));
    if (!view) throw productNotFound();
    return view;
  }

  /** Products by family, name and version; pages of `limit`. */
  async function listProducts(options: { cursor?: string | undefined; limit?: number | undefined }) {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 4);
    const page = await db
      .select({ id: products.id, family: productFamilies.name, name: products.name, version: products.version })
      .from(products)
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(
        key
          ? sql`(${productFamilies.name}, ${products.name}, ${products.version}, ${products.id}) > (${key[0]}, ${key[1]}, ${key[2]}, ${key[3]}::uuid)`
          : undefined,
      )
      .orderBy(asc(productFamilies.name), asc(products.name), asc(products.version), asc(products.id))
      .limit(limit + 1);
    const shown = page.slice(0, limit);
    const views =
      shown.length === 0
        ? []
        : await productViews(
            db,
            inArray(
              products.id,
              shown.map((p) => p.id),
            ),
          );
    return pageOf(
      page,
      limit,
      (r) => views.find((v) => v.id === r.id)!,
      (r) => [r.family, r.name, r.version, r.id],
    );
  }

  async function createProduct(actor: CatalogActor, input: CreateProductInput): Promise<ProductView> {
    const keyTypes = input.needsKey ? (input.keyTypes?.length ? input.keyTypes : ['mak' as const]) : [];
    if (!input.needsKey && (input.keyTypes?.length ?? 0) > 0)
      throw badRequest(
        'request.invalid',
        'The request is not valid: body.keyTypes must be empty when needsKey is false.',
        [{ name: 'body.keyTypes', message: 'must be empty when needsKey is false', rule: 'not_without_key' }],
      );
    try {
      return await db.transaction(async (tx) => {
        const family = input.family.trim();
        await tx.insert(productFamilies).values({ name: family }).onConflictDoNothing();
        const [familyRow] = await tx.select().from(productFamilies).where(eq(productFamilies.name, family));
        const [product] = await tx
          .insert(products)
          .values({
            familyId: familyRow!.id,
            name: input.name.trim(),
            version: input.version.trim(),
            pool: input.pool,
            needsKey: input.needsKey,
            keyTypes: PRODUCT_KEY_TYPES.filter((t) => keyTypes.includes(t)),
            createdAt: clock.now(),
          })
          .returning();
        await recordAudit(tx, clock, {
          ...auditActor(actor),
          action: 'product.created',
          target: product!.id,
          details: {
            family,
            name: product!.name,
            version: product!.version,
            pool: product!.pool,
            needsKey: product!.needsKey,
            keyTypes: product!.keyTypes,
          },
        });
        // Orders that arrived before the product: their lines now name it, and their License IDs are owed its keys.
        await backfillProductKeys(tx, clock, product!.id, auditActor(actor));
        return getProduct(product!.id, tx);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'products_family_name_version_key'))
        throw conflict(
          'product.exists',
          `${input.family.trim()} ${input.name.trim()} ${input.version.trim()} is already in the catalog. Add files or keys to it instead.`,
        );
      throw error;
    }
  }

  /**
   * Changes whether a product needs a key and which key types a License ID gets. Keys already assigned stay; License
   * IDs that ordered the product before it needed a key of a type get one now (or a shortfall). Family, name and
   * version are what order lines match, so they do not change.
   */
  async function updateProduct(actor: CatalogActor, id: string, input: UpdateProductInput): Promise<ProductView> {
    return db.transaction(async (tx) => {
      // Changes of the product and key assignment, one at a time. No row lock after this one: an order whose line
      // references the product holds a key-share lock on its row while it waits for this lock.
      await lockKeyAssignment(tx);
      const [product] = await tx.select().from(products).where(eq(products.id, id));
      if (!product) throw productNotFound();
      const needsKey = input.needsKey ?? product.needsKey;
      if (!needsKey && (input.keyTypes?.length ?? 0) > 0)
        throw badRequest(
          'request.invalid',
          'The request is not valid: body.keyTypes must be empty when the product needs no key.',
          [{ name: 'body.keyTypes', message: 'must be empty when the product needs no key', rule: 'not_without_key' }],
        );
      const requested = input.keyTypes ?? (needsKey ? keyTypesOf({ needsKey, keyTypes: product.keyTypes }) : []);
      const keyTypes = needsKey
        ? PRODUCT_KEY_TYPES.filter((t) => (requested.length ? requested : ['mak']).includes(t))
        : [];
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (needsKey !== product.needsKey) changes.needsKey = { from: product.needsKey, to: needsKey };
      if (JSON.stringify(keyTypes) !== JSON.stringify(product.keyTypes))
        changes.keyTypes = { from: product.keyTypes, to: keyTypes };
      if (Object.keys(changes).length > 0) {
        await tx.update(products).set({ needsKey, keyTypes }).where(eq(products.id, id));
        await recordAudit(tx, clock, {
          ...auditActor(actor),
          action: 'product.updated',
          target: id,
          details: { changes },
        });
        await backfillProductKeys(tx, clock, id, auditActor(actor));
      }
      return getProduct(id, tx);
    });
  }

  // ------------------------------------------------------------ operator: files

  /** Removes a download file: the row (and audit entry) first, then its bytes. Links already issued stop working. */
  async function removeFile(actor: CatalogActor, fileId: string): Promise<void> {
    const removed = await db.transaction(async (tx) => {
      const [row] = await tx.delete(downloadFiles).where(eq(downloadFiles.id, fileId)).returning();
      if (!row) throw notFound('download_file.not_found', 'There is no download file with this id.');
      await recordAudit(tx, clock, {
        ...auditActor(actor),
        action: 'download_file.removed',
        target: row.id,
        details: { productId: row.productId, fileName: row.fileName, sha256: row.sha256 },
      });
      return row;
    });
    await files.remove(removed.storageKey);
  }

  const tooLarge = () =>
    new AppError(
      413,
      'download_file.too_large',
      `The file is larger than the ${config.uploadMaxBytes} bytes this server accepts (UPLOAD_MAX_BYTES).`,
    );

  /**
   * Streams `body` into the file store while computing its SHA-256 and size, then records it. The row is written only
   * once the bytes are stored; if that fails the stored bytes are removed, so a file row always has its bytes.
   */
  async function addFile(
    actor: CatalogActor,
    productId: string,
    input: UploadFileInput,
    body: Readable,
    declaredLength?: number,
  ): Promise<DownloadFileView> {
    const [product] = await db.select({ id: products.id }).from(products).where(eq(products.id, productId));
    if (!product) {
      body.resume();
      throw productNotFound();
    }
    if (declaredLength !== undefined && declaredLength > config.uploadMaxBytes) {
      body.resume();
      throw tooLarge();
    }
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > config.uploadMaxBytes) return callback(tooLarge());
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    body.on('error', (error) => measure.destroy(error));
    body.pipe(measure);
    const storageKey = randomUUID();
    try {
      await files.put(storageKey, measure);
    } catch (error) {
      body.unpipe(measure);
      body.resume();
      if (error instanceof AppError) throw error;
      throw new AppError(400, 'download_file.upload_failed', 'The upload was interrupted. Send the file again.');
    }
    if (size === 0) {
      await files.remove(storageKey);
      throw badRequest('download_file.empty', 'The file is empty: send its bytes as the request body.');
    }
    const sha256 = hash.digest('hex');
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(downloadFiles)
          .values({
            productId,
            language: input.language,
            os: input.os,
            architecture: input.architecture,
            format: input.format,
            fileName: input.fileName,
            size,
            sha256,
            storageKey,
            createdBy: actor.accountId,
            createdAt: clock.now(),
          })
          .returning();
        await recordAudit(tx, clock, {
          ...auditActor(actor),
          action: 'download_file.added',
          target: row!.id,
          details: { productId, fileName: input.fileName, language: input.language, os: input.os, size, sha256 },
        });
        return fileView(row!);
      });
    } catch (error) {
      await files.remove(storageKey);
      throw error;
    }
  }

  // ------------------------------------------------------------ customer: what a License ID may download

  async function scopeOf(grant: LicenseIdGrant) {
    const [row] = await db
      .select({
        visibility: programs.catalogVisibility,
        status: licenseIds.status,
        endDate: licenseIds.endDate,
      })
      .from(licenseIds)
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .where(eq(licenseIds.id, grant.id));
    const visibility = row!.visibility as CatalogVisibility;
    const status = effectiveLicenseIdStatus(row!.status, row!.endDate, isoDay(clock.now()));
    return { visibility, ...downloadScope(visibility, status) };
  }

  /** The condition on products.id for what `grant`'s License ID may download. */
  const visibleCondition = (scope: 'ordered' | 'catalog' | 'none', licenseIdId: string): SQL =>
    scope === 'catalog'
      ? sql`true`
      : scope === 'ordered'
        ? sql`${products.id} in ${orderedProductIds(licenseIdId)}`
        : sql`false`;

  async function listDownloads(
    grant: LicenseIdGrant,
    options: {
      language?: string | undefined;
      os?: string | undefined;
      cursor?: string | undefined;
      limit?: number | undefined;
    },
  ): Promise<DownloadsPageView> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 4);
    const scope = await scopeOf(grant);
    const visible = visibleCondition(scope.scope, grant.id);
    const rows = await db
      .select({
        id: products.id,
        family: productFamilies.name,
        name: products.name,
        version: products.version,
        pool: products.pool,
      })
      .from(products)
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(
        and(
          visible,
          key
            ? sql`(${productFamilies.name}, ${products.name}, ${products.version}, ${products.id}) > (${key[0]}, ${key[1]}, ${key[2]}, ${key[3]}::uuid)`
            : undefined,
        ),
      )
      .orderBy(asc(productFamilies.name), asc(products.name), asc(products.version), asc(products.id))
      .limit(limit + 1);
    const ids = rows.slice(0, limit).map((r) => r.id);
    const fileRows =
      ids.length === 0
        ? []
        : await db
            .select()
            .from(downloadFiles)
            .where(inArray(downloadFiles.productId, ids))
            .orderBy(
              asc(downloadFiles.language),
              asc(downloadFiles.os),
              asc(downloadFiles.architecture),
              asc(downloadFiles.fileName),
            );
    const [facets] = await db
      .select({
        languages: sql<string[] | null>`array_agg(distinct ${downloadFiles.language})`,
        operatingSystems: sql<string[] | null>`array_agg(distinct ${downloadFiles.os})`,
      })
      .from(downloadFiles)
      .innerJoin(products, eq(products.id, downloadFiles.productId))
      .where(visible);
    const matches = (f: typeof downloadFiles.$inferSelect) =>
      (options.language === undefined || f.language === options.language) &&
      (options.os === undefined || f.os === options.os);
    const page = pageOf(
      rows,
      limit,
      (r): DownloadableProductView => {
        const all = fileRows.filter((f) => f.productId === r.id);
        const shown = all.filter(matches);
        return {
          id: r.id,
          family: r.family,
          name: r.name,
          version: r.version,
          pool: r.pool as DownloadableProductView['pool'],
          available: shown.length > 0,
          unavailableReason:
            shown.length > 0
              ? null
              : all.length === 0
                ? 'This product is not available for download: the publisher has not published any files for it.'
                : 'This product is not available for download in the language and operating system you picked: choose another.',
          files: shown.map(fileView),
        };
      },
      (r) => [r.family, r.name, r.version, r.id],
    );
    return {
      licenseIdNumber: grant.number,
      catalogVisibility: scope.visibility,
      scope: scope.scope,
      scopeReason: scope.reason,
      languages: (facets?.languages ?? []).sort(),
      operatingSystems: (facets?.operatingSystems ?? []).sort() as DownloadsPageView['operatingSystems'],
      ...page,
    };
  }

  /** The file if `grant`'s License ID may download it now; otherwise the 404 an unknown file gets. */
  async function visibleFile(grant: LicenseIdGrant, fileId: string) {
    const scope = await scopeOf(grant);
    const [file] = await db
      .select({ file: downloadFiles })
      .from(downloadFiles)
      .innerJoin(products, eq(products.id, downloadFiles.productId))
      .where(and(eq(downloadFiles.id, fileId), visibleCondition(scope.scope, grant.id)));
    if (!file)
      throw notFound(
        'download_file.not_found',
        `There is no download file with this id that License ID ${grant.number} may download.`,
      );
    return file.file;
  }

  async function issueLink(
    account: SignedInAccount,
    grant: LicenseIdGrant,
    fileId: string,
    ip: string,
  ): Promise<DownloadLinkView> {
    const file = await visibleFile(grant, fileId);
    const expiresAt = Math.floor(clock.now().getTime() / 1000) + DOWNLOAD_LINK_TTL_SECONDS;
    const token = links.issue({ fileId: file.id, accountId: account.id, licenseIdNumber: grant.number, expiresAt });
    const path = `/api/v1/downloads/${token}`;
    await recordAuditAlone(db, clock, {
      action: 'download.link_issued',
      actorKind: 'account',
      actorAccountId: account.id,
      tenantId: account.tenantId,
      licenseIdNumber: grant.number,
      target: file.id,
      details: { fileName: file.fileName, productId: file.productId, expiresAt: iso(new Date(expiresAt * 1000)) },
      ip,
    });
    return {
      url: `${config.baseUrls[account.cloud]}${path}`,
      path,
      expiresAt: iso(new Date(expiresAt * 1000)),
      fileName: file.fileName,
      size: file.size,
      sha256: file.sha256,
    };
  }

  const linkRefused = (code: string, message: string) => forbidden(code, message);

  /**
   * Serves a signed link: checks the signature and expiry, that the account it was issued to still may download the
   * file on that License ID, then answers the whole file (200) or one range (206); 416 for a range past the end.
   * Everything is checked before a byte is read; each download (not HEAD) is audited.
   */
  async function serveDownload(
    token: string,
    options: { range?: string | undefined; ip: string; head: boolean },
  ): Promise<ServedDownload> {
    const checked = links.check(token, clock.now());
    if (!checked.ok) {
      throw checked.reason === 'expired'
        ? linkRefused(
            'download.link_expired',
            'This download link has expired. Ask for a new one on the downloads page.',
          )
        : linkRefused(
            'download.link_invalid',
            'This download link is not valid. Ask for a new one on the downloads page.',
          );
    }
    const { claims } = checked;
    const [account] = await db
      .select({ id: accounts.id, tenantId: accounts.tenantId, cloud: accounts.cloud, disabledAt: accounts.disabledAt })
      .from(accounts)
      .where(eq(accounts.id, claims.accountId));
    const refusedNow = () =>
      linkRefused(
        'download.not_allowed',
        'You may no longer download this file on this License ID. Ask a VL administrator of the agreement for the Product download manager role.',
      );
    if (!account || account.disabledAt) throw refusedNow();
    // Only the id and cloud count for the grant (the roles are read now: a role removed since the link was issued
    // stops the download).
    const caller = { id: account.id, cloud: account.cloud as Cloud } as SignedInAccount;
    const grant = await vlAccess.grantOn(caller, claims.licenseIdNumber);
    if (!grant?.capabilities.includes('software.download')) throw refusedNow();
    let file: typeof downloadFiles.$inferSelect;
    try {
      file = await visibleFile(grant, claims.fileId);
    } catch {
      throw refusedNow();
    }
    const range = parseRange(options.range, file.size);
    const disposition = contentDisposition(file.fileName);
    const common = {
      'content-type': 'application/octet-stream',
      'content-disposition': disposition,
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-store',
      etag: `"${file.sha256}"`,
    };
    if (range.kind === 'unsatisfiable') {
      throw new AppError(
        416,
        'download.range_not_satisfiable',
        `The requested range is outside the file (${file.size} bytes).`,
        { contentRange: `bytes */${file.size}` },
      );
    }
    const partial = range.kind === 'range';
    const start = partial ? range.start : 0;
    const end = partial ? range.end : file.size - 1;
    // Opened before the audit entry: bytes missing from the store are the publisher's problem, not a download.
    let body: Readable;
    try {
      body = await files.open(file.storageKey, { start, end });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new AppError(
        410,
        'download_file.missing',
        'The bytes of this file are missing from the server’s storage. Contact support; the publisher must upload it again.',
      );
    }
    if (!options.head) {
      try {
        await recordAuditAlone(db, clock, {
          action: 'download.served',
          actorKind: 'account',
          actorAccountId: account.id,
          tenantId: account.tenantId,
          licenseIdNumber: grant.number,
          target: file.id,
          details: {
            fileName: file.fileName,
            productId: file.productId,
            range: partial ? `bytes ${start}-${end}/${file.size}` : null,
            bytes: end - start + 1,
          },
          ip: options.ip,
        });
      } catch (error) {
        body.destroy();
        throw error;
      }
    }
    return {
      status: partial ? 206 : 200,
      headers: {
        ...common,
        'content-length': String(end - start + 1),
        ...(partial ? { 'content-range': `bytes ${start}-${end}/${file.size}` } : {}),
      },
      body,
    };
  }

  return {
    createProduct,
    updateProduct,
    getProduct,
    listProducts,
    addFile,
    removeFile,
    listDownloads,
    issueLink,
    serveDownload,
  };
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export type CatalogService = ReturnType<typeof createCatalogService>;
