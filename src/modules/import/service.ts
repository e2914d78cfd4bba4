// Bulk import of a partner's records (organizations, License IDs with contacts, orders), shared by `vlcenter import`
// and POST /api/v1/partner/imports. One code path for validation and rules: every record is checked against the
// partner API's own TypeBox schema (agreements/schemas.ts) and then created by the agreements service's create*
// functions, exactly as the API would.
//
// Safe re-runs and crashes: records are committed in batches (one transaction per batch). License IDs and orders go
// through the agreements service's batch paths (createLicenseIds, createOrders: every rule checked before anything is
// written, then multi-row INSERTs), so a refused record writes nothing; organizations each run in their own
// savepoint. Either way a record is all-or-nothing and a rejected one does not spoil the batch. A crash loses at
// most the open batch — whole records only — and a re-run skips what is already present:
//   organizations — same partner and at least one PCN in common;
//   License IDs   — same number (License ID numbers are unique across partners; another partner's is a rejection);
//   orders        — same partner order number of the same partner.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { licenseIds, orders, organizations } from '../../db/schema.js';
import { AppError, type ProblemField } from '../../domain/errors.js';
import { schemaViolationField } from '../../http/validation.js';
import {
  CreateLicenseIdBody,
  CreateOrderBody,
  CreateOrganizationBody,
  type CreateLicenseIdInput,
  type CreateOrderInput,
} from '../agreements/schemas.js';
import type { AgreementsService, PartnerActor } from '../agreements/service.js';

export const IMPORT_KINDS = ['organizations', 'license-ids', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type RejectedRecord = { index: number; fields: ProblemField[] };
export type ImportResult = { imported: number; alreadyPresent: number; rejected: RejectedRecord[] };

/** Records per transaction: a crash loses at most this many (whole) records, which a re-run then imports. */
export const DEFAULT_BATCH_SIZE = 500;

/** Attempts of a batch whose writes met a concurrent writer's at a unique index. */
const MAX_ATTEMPTS = 3;
/** The unique indexes a concurrent import (or API call) of the same records can win, by the kind of import. */
const RACED_KEYS: Record<ImportKind, readonly string[]> = {
  'license-ids': ['license_ids_number_key', 'parent_agreements_number_key'],
  orders: ['orders_partner_order_number_key'],
  organizations: [],
};

// The options of the app's strict body validator (http/validation.ts), but reporting every failing field of a row.
const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, coerceTypes: false });
addFormats.default(ajv);
const validators: Record<ImportKind, ValidateFunction> = {
  organizations: ajv.compile(CreateOrganizationBody),
  'license-ids': ajv.compile(CreateLicenseIdBody),
  orders: ajv.compile(CreateOrderBody),
};

/** Checks a record against the partner API's schema; returns the failing fields (none when it is valid). */
export function validateRecord(kind: ImportKind, record: unknown): ProblemField[] {
  const validate = validators[kind];
  if (validate(record)) return [];
  const seen = new Set<string>();
  const fields: ProblemField[] = [];
  for (const error of validate.errors ?? []) {
    const field = schemaViolationField(error, undefined);
    if (seen.has(field.name)) continue; // one message per field (a union or pattern may report several)
    seen.add(field.name);
    fields.push(field);
  }
  return fields;
}

/** The service's problem fields say `body.x`; an import names the record's own field `x`. */
function problemFields(error: AppError): ProblemField[] {
  const fields = error.extra.fields;
  if (fields && fields.length > 0) return fields.map((f) => ({ ...f, name: f.name.replace(/^body\./, '') }));
  return [{ name: '(record)', message: `${error.message} (${error.code})`, rule: 'invalid' }];
}

type Keyed = { index: number; record: Record<string, unknown> };

export function createImportService(deps: { db: Database; agreements: AgreementsService }) {
  const { db, agreements } = deps;

  /** The natural keys of `records` that are already in the database, for this partner. */
  async function presentKeys(tx: Transaction, actor: PartnerActor, kind: ImportKind, records: Keyed[]) {
    const present = new Set<string>();
    if (kind === 'orders') {
      const numbers = records.map((r) => r.record.partnerOrderNumber as string);
      if (numbers.length === 0) return present;
      const rows = await tx
        .select({ n: orders.partnerOrderNumber })
        .from(orders)
        .where(and(eq(orders.partnerId, actor.id), inArray(orders.partnerOrderNumber, numbers)));
      for (const r of rows) present.add(r.n);
    } else if (kind === 'license-ids') {
      const numbers = records.map((r) => r.record.number as string);
      if (numbers.length === 0) return present;
      const rows = await tx
        .select({ n: licenseIds.number })
        .from(licenseIds)
        .where(and(eq(licenseIds.partnerId, actor.id), inArray(licenseIds.number, numbers)));
      for (const r of rows) present.add(r.n);
    } else {
      const pcns = records.flatMap((r) => r.record.pcns as string[]);
      if (pcns.length === 0) return present;
      const rows = await tx
        .select({ pcns: organizations.pcns })
        .from(organizations)
        .where(
          and(
            eq(organizations.partnerId, actor.id),
            // pcns is a jsonb array: any of this batch's PCNs among its elements
            sql`jsonb_exists_any(${organizations.pcns}, array(select jsonb_array_elements_text(${JSON.stringify(pcns)}::jsonb)))`,
          ),
        );
      for (const r of rows) for (const p of r.pcns) present.add(p);
    }
    return present;
  }

  const keysOf = (kind: ImportKind, record: Record<string, unknown>): string[] =>
    kind === 'orders'
      ? [record.partnerOrderNumber as string]
      : kind === 'license-ids'
        ? [record.number as string]
        : (record.pcns as string[]);

  /**
   * Imports `records` (each the body the partner API would take) in batches of `batchSize`, one transaction each.
   * `index` in the result is the record's position in `records`. `onProgress` is called after each batch commits.
   */
  async function importRecords(
    actor: PartnerActor,
    kind: ImportKind,
    records: readonly unknown[],
    options: { batchSize?: number; dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ImportResult> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const result: ImportResult = { imported: 0, alreadyPresent: 0, rejected: [] };
    for (let start = 0; start < records.length; start += batchSize) {
      const valid: Keyed[] = [];
      const rejected: RejectedRecord[] = [];
      records.slice(start, start + batchSize).forEach((record, offset) => {
        const index = start + offset;
        const fields = validateRecord(kind, record);
        if (fields.length > 0) rejected.push({ index, fields });
        else valid.push({ index, record: record as Record<string, unknown> });
      });
      let imported = 0;
      let alreadyPresent = 0;
      let refused: RejectedRecord[] = [];
      const run = async (tx: Transaction) => {
        // From scratch on every attempt (see below).
        imported = 0;
        alreadyPresent = 0;
        refused = [];
        const present = await presentKeys(tx, actor, kind, valid);
        const fresh = valid.filter((r) => !keysOf(kind, r.record).some((k) => present.has(k)));
        alreadyPresent += valid.length - fresh.length;
        if (kind === 'orders') {
          // The batch path: every rule checked before anything is written, multi-row INSERTs, a refusal per order.
          const outcomes = await agreements.createOrders(
            tx,
            actor,
            fresh.map((r) => r.record as CreateOrderInput),
          );
          outcomes.forEach((outcome, i) => {
            if (outcome.ok) imported++;
            // Not in the database when the batch began: the same order earlier in this batch.
            else if (outcome.error.code === 'order.number_taken') alreadyPresent++;
            else refused.push({ index: fresh[i]!.index, fields: problemFields(outcome.error) });
          });
        } else if (kind === 'license-ids') {
          // The same batch path for License IDs (with their contacts' welcome).
          const outcomes = await agreements.createLicenseIds(
            tx,
            actor,
            fresh.map((r) => r.record as CreateLicenseIdInput),
          );
          const created = new Set<string>();
          const taken: (Keyed & { error: AppError })[] = [];
          outcomes.forEach((outcome, i) => {
            const number = (fresh[i]!.record as CreateLicenseIdInput).number;
            if (outcome.ok) {
              imported++;
              created.add(number);
            }
            // The same License ID earlier in this batch.
            else if (outcome.error.code === 'license_id.number_taken' && created.has(number)) alreadyPresent++;
            else if (outcome.error.code === 'license_id.number_taken')
              taken.push({ ...fresh[i]!, error: outcome.error });
            else refused.push({ index: fresh[i]!.index, fields: problemFields(outcome.error) });
          });
          // Taken but not by this batch: a concurrent import of this partner committed it after the check above
          // (each statement sees the latest commits), so it is present; another partner's number is a rejection.
          const nowPresent = await presentKeys(tx, actor, kind, taken);
          for (const r of taken) {
            if (nowPresent.has((r.record as CreateLicenseIdInput).number)) alreadyPresent++;
            else refused.push({ index: r.index, fields: problemFields(r.error) });
          }
        } else {
          for (const { index, record } of fresh) {
            const keys = keysOf(kind, record);
            if (keys.some((k) => present.has(k))) {
              alreadyPresent++; // the same record earlier in this batch
              continue;
            }
            try {
              // An organization may be refused after a write: each gets a savepoint.
              await tx.transaction((savepoint) => agreements.createOrganization(savepoint, actor, record as never));
              imported++;
              for (const k of keys) present.add(k);
            } catch (error) {
              if (error instanceof AppError) refused.push({ index, fields: problemFields(error) });
              else throw error;
            }
          }
        }
        if (options.dryRun) throw new DryRunRollback();
      };
      for (let attempt = 1; ; attempt++) {
        try {
          await db.transaction(run);
        } catch (error) {
          // A concurrent import (or API call) committed a record of this batch after the batch's checks: run the
          // batch again, and its checks see that record (present, or refused as taken).
          if (attempt < MAX_ATTEMPTS && RACED_KEYS[kind].some((k) => isUniqueViolation(error, k))) continue;
          if (!(error instanceof DryRunRollback)) throw error;
        }
        break;
      }
      result.imported += imported;
      result.alreadyPresent += alreadyPresent;
      result.rejected.push(...[...rejected, ...refused].sort((a, b) => a.index - b.index));
      options.onProgress?.(Math.min(start + batchSize, records.length), records.length);
    }
    return result;
  }

  return { importRecords };
}

class DryRunRollback extends Error {}

export type ImportService = ReturnType<typeof createImportService>;
