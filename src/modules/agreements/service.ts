// Licensing records (SPEC §3) as partners create them — organizations, License IDs with their contacts, orders — and
// the operator's side: approving organizations, creating partners and their API tokens.
//
// Scoping: a partner reaches only the records it created; anything else is "not found", never "forbidden".
// The create* functions take the caller's transaction and already-validated input: the HTTP routes call them inside
// an idempotent transaction, and a bulk import (CSV/JSON, `vlcenter import`) can call them per row the same way.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Clock, TokenGenerator } from '../../clock.js';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { insertJsonRows } from '../../db/json-rows.js';
import {
  agreementContacts,
  licenseIds,
  orderLines,
  orders,
  organizations,
  parentAgreements,
  partners,
  partnerTokens,
  productFamilies,
  products,
  programs,
} from '../../db/schema.js';
import { isValidEmail, normalizeEmail } from '../../domain/addresses.js';
import type { Cloud } from '../../domain/clouds.js';
import { isCountryCode } from '../../domain/countries.js';
import { AppError, badRequest, conflict, notFound, type ProblemField } from '../../domain/errors.js';
import { effectiveLicenseIdStatus, isoDay } from '../../domain/license-ids.js';
import type { ContactKind } from '../../domain/vl-roles.js';
import type { PartnerCaller } from '../../http/auth.js';
import { recordAudit, recordAudits } from '../audit/service.js';
import { assignKeysForOrders } from '../catalog/key-assignment.js';
import type { Actor, NewLicenseIdFacts, OnboardingService } from '../onboarding/service.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, pageOf, type PageOf } from './paging.js';
import { newPartnerToken } from './partner-tokens.js';
import type {
  CreatedLicenseIdView,
  CreateLicenseIdInput,
  CreateOrderInput,
  CreateOrganizationInput,
  CreatePartnerInput,
  CreateProgramInput,
  IssuedPartnerTokenView,
  LicenseIdView,
  OperatorOrganizationView,
  OrderSummaryView,
  OrderView,
  OrganizationView,
  PartnerTokenView,
  PartnerView,
  ParentAgreementView,
  ProgramView,
  ReplaceContactsInput,
  UpdateProgramInput,
} from './schemas.js';

export type PartnerActor = PartnerCaller & { ip: string };
export type OperatorActor = { accountId: string; ip: string };
/** What createLicenseIds did with one input: created it (with its welcome), or refused it (and wrote nothing for it). */
export type LicenseIdOutcome = { ok: true; created: CreatedLicenseIdView } | { ok: false; error: AppError };
/** What createOrders did with one input: created it, or refused it (and wrote nothing for it). */
export type OrderOutcome = { ok: true; order: OrderView } | { ok: false; error: AppError };

/** License IDs checked and written together: their organizations, programs, numbers and parents in one query each. */
const LICENSE_IDS_PER_SLICE = 500;
/** Orders checked and written together: their License IDs and numbers are looked up in one query each. */
const ORDERS_PER_SLICE = 500;
/** Order lines per INSERT (one JSON parameter of about 250 bytes a line). */
const LINES_PER_INSERT = 5000;

/** An order_lines row as json_to_recordset reads it. */
type OrderLineRow = {
  order_id: string;
  line_number: number;
  part_number: string;
  product_id: string | null;
  product: string;
  product_family: string;
  version: string;
  pool: string;
  license_type: string;
  quantity: number;
  country: string;
};
export type ListOptions = { cursor?: string | undefined; limit?: number | undefined };

const iso = (date: Date) => date.toISOString();

function invalid(fields: ProblemField[]): AppError {
  const first = fields[0]!;
  return badRequest('request.invalid', `The request is not valid: ${first.name} ${first.message}.`, fields);
}

/** The contact rules of License IDs and parent agreements alike: valid business e-mails, one contact per kind. */
function contactProblems(contacts: readonly { kind: string; email: string }[]): ProblemField[] {
  const fields: ProblemField[] = [];
  const kinds = new Set<string>();
  contacts.forEach((contact, i) => {
    if (!isValidEmail(contact.email))
      fields.push({
        name: `body.contacts.${i}.email`,
        message: 'is not a valid e-mail address',
        rule: 'email_invalid',
      });
    if (kinds.has(contact.kind))
      fields.push({
        name: `body.contacts.${i}.kind`,
        message: `lists a second ${contact.kind} contact`,
        rule: 'second_contact',
      });
    kinds.add(contact.kind);
  });
  return fields;
}

const partnerAudit = (actor: PartnerActor): Actor => ({
  actorKind: 'partner',
  actorAccountId: actor.accountId,
  ip: actor.ip,
  details: { partnerId: actor.id, ...(actor.tokenId ? { tokenId: actor.tokenId } : {}) },
});

export function createAgreementsService(deps: {
  db: Database;
  clock: Clock;
  newToken: TokenGenerator;
  onboarding: OnboardingService;
}) {
  const { db, clock, newToken, onboarding } = deps;
  const today = () => isoDay(clock.now());

  // ------------------------------------------------------------ organizations

  const organizationView = (o: typeof organizations.$inferSelect): OrganizationView => ({
    id: o.id,
    name: o.name,
    city: o.city,
    country: o.country,
    pcns: o.pcns,
    approvalState: o.approvalState as OrganizationView['approvalState'],
    createdAt: iso(o.createdAt),
  });

  async function createOrganization(
    tx: Transaction,
    actor: PartnerActor,
    input: CreateOrganizationInput,
  ): Promise<OrganizationView> {
    if (!isCountryCode(input.country))
      throw invalid([{ name: 'body.country', message: 'is not an ISO 3166-1 code', rule: 'country_invalid' }]);
    const [organization] = await tx
      .insert(organizations)
      .values({
        name: input.name.trim(),
        city: input.city.trim(),
        country: input.country,
        pcns: input.pcns,
        approvalState: 'pending',
        partnerId: actor.id,
        createdAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, clock, {
      ...partnerAudit(actor),
      action: 'organization.created',
      target: organization!.id,
      details: { ...partnerAudit(actor).details, name: organization!.name, pcns: input.pcns },
    });
    return organizationView(organization!);
  }

  async function findOwnOrganization(executor: Executor, partnerId: string, id: string) {
    const [organization] = await executor
      .select()
      .from(organizations)
      .where(and(eq(organizations.id, id), eq(organizations.partnerId, partnerId)));
    if (!organization) throw organizationNotFound();
    return organization;
  }

  async function getOrganization(partnerId: string, id: string): Promise<OrganizationView> {
    return organizationView(await findOwnOrganization(db, partnerId, id));
  }

  /**
   * Lists are newest first. The cursor holds (created_at as text — exact to the microsecond, which a JS Date is not —
   * and id).
   */
  function createdBefore(createdAt: AnyPgColumn, id: AnyPgColumn, key?: string[]) {
    if (!key) return undefined;
    return sql`(${createdAt}, ${id}) < (${key[0]}::timestamptz, ${key[1]}::uuid)`;
  }

  async function listOrganizations(partnerId: string, options: ListOptions): Promise<PageOf<OrganizationView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({ organization: organizations, createdText: sql<string>`${organizations.createdAt}::text` })
      .from(organizations)
      .where(and(eq(organizations.partnerId, partnerId), createdBefore(organizations.createdAt, organizations.id, key)))
      .orderBy(desc(organizations.createdAt), desc(organizations.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => organizationView(r.organization),
      (r) => [r.createdText, r.organization.id],
    );
  }

  // ------------------------------------------------------------ License IDs

  /** License IDs with organization, program, parent and contacts, in two queries whatever their number. */
  async function licenseIdViews(executor: Executor, where: SQL | undefined, order: 'created' | 'none', limit?: number) {
    let query = executor
      .select({
        licenseId: licenseIds,
        createdText: sql<string>`${licenseIds.createdAt}::text`,
        organizationName: organizations.name,
        programName: programs.name,
        parentAgreementNumber: parentAgreements.number,
      })
      .from(licenseIds)
      .innerJoin(organizations, eq(organizations.id, licenseIds.organizationId))
      .innerJoin(programs, eq(programs.id, licenseIds.programId))
      .leftJoin(parentAgreements, eq(parentAgreements.id, licenseIds.parentAgreementId))
      .where(where)
      .$dynamic();
    if (order === 'created') query = query.orderBy(desc(licenseIds.createdAt), desc(licenseIds.id));
    if (limit !== undefined) query = query.limit(limit);
    const rows = await query;
    const ids = rows.map((r) => r.licenseId.id);
    const contacts =
      ids.length === 0
        ? []
        : await executor
            .select()
            .from(agreementContacts)
            .where(inArray(agreementContacts.licenseIdId, ids))
            .orderBy(asc(agreementContacts.kind), asc(agreementContacts.email));
    const now = today();
    return rows.map((r) => ({
      createdText: r.createdText,
      view: {
        id: r.licenseId.id,
        number: r.licenseId.number,
        organizationId: r.licenseId.organizationId,
        organizationName: r.organizationName,
        programId: r.licenseId.programId,
        programName: r.programName,
        parentAgreementNumber: r.parentAgreementNumber,
        cloud: r.licenseId.cloud as Cloud,
        status: effectiveLicenseIdStatus(r.licenseId.status, r.licenseId.endDate, now),
        startDate: r.licenseId.startDate,
        endDate: r.licenseId.endDate,
        saEndDate: r.licenseId.saEndDate,
        contacts: contacts
          .filter((c) => c.licenseIdId === r.licenseId.id)
          .map((c) => ({ kind: c.kind as ContactKind, name: c.name, email: c.email })),
        createdAt: iso(r.licenseId.createdAt),
      } satisfies LicenseIdView,
    }));
  }

  /** The rules of a License ID that need no lookup: its dates, its contacts. */
  function licenseIdInputProblems(input: CreateLicenseIdInput): ProblemField[] {
    const fields: ProblemField[] = [];
    if (input.endDate < input.startDate)
      fields.push({ name: 'body.endDate', message: 'is before startDate', rule: 'before_start_date' });
    if (input.saEndDate !== undefined && input.saEndDate < input.startDate)
      fields.push({ name: 'body.saEndDate', message: 'is before startDate', rule: 'before_start_date' });
    fields.push(...contactProblems(input.contacts));
    return fields;
  }

  /** One License ID through the batch path: its refusal is thrown. */
  async function createLicenseId(
    tx: Transaction,
    actor: PartnerActor,
    input: CreateLicenseIdInput,
  ): Promise<CreatedLicenseIdView> {
    const [outcome] = await createLicenseIds(tx, actor, [input]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.created;
  }

  /**
   * Creates License IDs with their contacts (and their parent agreements, the first time a parent number is named),
   * then — in the same transaction — the welcome e-mails and roles of SPEC §5: the partner API's one License ID and
   * the bulk import's many, with the same rules for each, checked in this order: dates and contacts; the
   * organization is one of the partner's own and not rejected; the program exists (held FOR SHARE: an operator's
   * change of its flags waits for these License IDs, or they for it); the number is new (also within `inputs`: a
   * repeat is refused as taken); a parent agreement named is the partner's own and the same organization's (also one
   * created earlier in `inputs`). Every rule is checked before anything is written, so a refused License ID leaves
   * nothing behind and needs no savepoint; the answer says per input what happened, in order. A fixed number of
   * statements per slice of inputs: one query per kind of lookup, one multi-row INSERT per table, one audit append.
   */
  async function createLicenseIds(
    tx: Transaction,
    actor: PartnerActor,
    inputs: readonly CreateLicenseIdInput[],
  ): Promise<LicenseIdOutcome[]> {
    const outcomes: LicenseIdOutcome[] = [];
    for (let start = 0; start < inputs.length; start += LICENSE_IDS_PER_SLICE)
      outcomes.push(...(await createLicenseIdSlice(tx, actor, inputs.slice(start, start + LICENSE_IDS_PER_SLICE))));
    return outcomes;
  }

  async function createLicenseIdSlice(
    tx: Transaction,
    actor: PartnerActor,
    inputs: readonly CreateLicenseIdInput[],
  ): Promise<LicenseIdOutcome[]> {
    const refused = new Map<number, AppError>();
    inputs.forEach((input, k) => {
      const fields = licenseIdInputProblems(input);
      if (fields.length > 0) refused.set(k, invalid(fields));
    });
    const unrefused = () => inputs.map((input, k) => ({ input, k })).filter(({ k }) => !refused.has(k));
    const distinct = (values: readonly string[]) => [...new Set(values)];

    // The partner's own organizations, not rejected (uuids compared as the database does: case-insensitively).
    const organizationIds = distinct(unrefused().map(({ input }) => input.organizationId.toLowerCase()));
    const organizationById = new Map(
      (organizationIds.length === 0
        ? []
        : await tx
            .select()
            .from(organizations)
            .where(and(inArray(organizations.id, organizationIds), eq(organizations.partnerId, actor.id)))
      ).map((o) => [o.id.toLowerCase(), o]),
    );
    const organizationOf = (input: CreateLicenseIdInput) => organizationById.get(input.organizationId.toLowerCase());
    for (const { input, k } of unrefused()) {
      const organization = organizationOf(input);
      if (!organization) refused.set(k, organizationNotFound());
      else if (organization.approvalState === 'rejected') refused.set(k, organizationRejected(organization.name));
    }

    // FOR SHARE: an operator's change of a program's flags waits for these License IDs, or they for it.
    const programIds = distinct(unrefused().map(({ input }) => input.programId));
    const programById = new Map(
      (programIds.length === 0
        ? []
        : await tx.select().from(programs).where(inArray(programs.id, programIds)).for('share')
      ).map((p) => [p.id, p]),
    );
    for (const { input, k } of unrefused())
      if (!programById.has(input.programId))
        refused.set(
          k,
          invalid([{ name: 'body.programId', message: 'is not a known program', rule: 'program_unknown' }]),
        );

    const numbers = distinct(unrefused().map(({ input }) => input.number));
    const taken = new Set(
      numbers.length === 0
        ? []
        : (
            await tx.select({ number: licenseIds.number }).from(licenseIds).where(inArray(licenseIds.number, numbers))
          ).map((r) => r.number),
    );
    const parentNumbers = distinct(
      unrefused().flatMap(({ input }) =>
        input.parentAgreementNumber !== undefined && !taken.has(input.number) ? [input.parentAgreementNumber] : [],
      ),
    );
    const parentByNumber = new Map(
      (parentNumbers.length === 0
        ? []
        : await tx.select().from(parentAgreements).where(inArray(parentAgreements.number, parentNumbers))
      ).map((p) => [p.number, p]),
    );

    // In input order, so that a number or parent agreement is taken by the first input that names it.
    const now = clock.now();
    const newParents: (typeof parentAgreements.$inferSelect)[] = [];
    const accepted: {
      k: number;
      row: typeof licenseIds.$inferSelect;
      organization: typeof organizations.$inferSelect;
      program: typeof programs.$inferSelect;
      contacts: NewLicenseIdFacts['contacts'];
    }[] = [];
    for (const { input, k } of unrefused()) {
      if (taken.has(input.number)) {
        refused.set(k, licenseIdNumberTaken(input.number));
        continue;
      }
      const organization = organizationOf(input)!;
      const program = programById.get(input.programId)!;
      let parentAgreementId: string | null = null;
      if (input.parentAgreementNumber !== undefined) {
        const parent = parentByNumber.get(input.parentAgreementNumber);
        if (parent && parent.partnerId !== actor.id) {
          refused.set(k, parentAgreementNumberTaken(input.parentAgreementNumber));
          continue;
        }
        if (parent && parent.organizationId !== organization.id) {
          refused.set(
            k,
            invalid([
              {
                name: 'body.parentAgreementNumber',
                message: 'belongs to another organization',
                rule: 'other_organization',
              },
            ]),
          );
          continue;
        }
        if (parent) parentAgreementId = parent.id;
        else {
          const created = {
            id: randomUUID(),
            number: input.parentAgreementNumber,
            organizationId: organization.id,
            programId: program.id,
            partnerId: actor.id,
            createdAt: now,
          };
          newParents.push(created);
          parentByNumber.set(created.number, created);
          parentAgreementId = created.id;
        }
      }
      taken.add(input.number);
      accepted.push({
        k,
        organization,
        program,
        row: {
          id: randomUUID(),
          number: input.number,
          organizationId: organization.id,
          programId: program.id,
          parentAgreementId,
          partnerId: actor.id,
          cloud: input.cloud,
          status: input.endDate < isoDay(now) ? 'expired' : 'active',
          startDate: input.startDate,
          endDate: input.endDate,
          saEndDate: input.saEndDate ?? null,
          tenantId: null,
          createdAt: now,
        },
        contacts: input.contacts.map((c) => ({ kind: c.kind, name: c.name.trim(), email: normalizeEmail(c.email) })),
      });
    }

    const created = new Map<number, CreatedLicenseIdView>();
    if (accepted.length > 0) {
      await insertJsonRows(tx, parentAgreements, newParents);
      await insertJsonRows(
        tx,
        licenseIds,
        accepted.map((a) => a.row),
      );
      await insertJsonRows(
        tx,
        agreementContacts,
        accepted.flatMap((a) => a.contacts.map((c) => ({ ...c, licenseIdId: a.row.id }))),
      );
      // The welcome step appends the audit entries: each License ID's own, then its welcome's, chained in order.
      const welcome = await onboarding.welcomeContacts(
        tx,
        accepted.map((a) => ({
          facts: {
            licenseId: { id: a.row.id, number: a.row.number, cloud: a.row.cloud as Cloud },
            organizationName: a.organization.name,
            licenseIdNumber: a.row.number,
            programName: a.program.name,
            enterpriseStyle: a.program.enterpriseStyle,
            contacts: a.contacts,
          },
          precededBy: {
            ...partnerAudit(actor),
            action: 'license_id.created',
            tenantId: a.organization.tenantId,
            licenseIdNumber: a.row.number,
            target: a.row.id,
            details: {
              ...partnerAudit(actor).details,
              organizationId: a.organization.id,
              programId: a.program.id,
              cloud: a.row.cloud,
            },
          },
        })),
        partnerAudit(actor),
      );
      const views = new Map(
        (
          await licenseIdViews(
            tx,
            inArray(
              licenseIds.id,
              accepted.map((a) => a.row.id),
            ),
            'none',
          )
        ).map((v) => [v.view.id, v.view]),
      );
      accepted.forEach((a, i) => created.set(a.k, { licenseId: views.get(a.row.id)!, welcome: welcome[i]! }));
    }
    return inputs.map((_, k) => {
      const error = refused.get(k);
      return error ? { ok: false, error } : { ok: true, created: created.get(k)! };
    });
  }

  async function getLicenseId(partnerId: string, number: string): Promise<LicenseIdView> {
    const [row] = await licenseIdViews(
      db,
      and(eq(licenseIds.number, number), eq(licenseIds.partnerId, partnerId)),
      'none',
    );
    if (!row) throw licenseIdNotFound(number);
    return row.view;
  }

  async function listLicenseIds(partnerId: string, options: ListOptions): Promise<PageOf<LicenseIdView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await licenseIdViews(
      db,
      and(eq(licenseIds.partnerId, partnerId), createdBefore(licenseIds.createdAt, licenseIds.id, key)),
      'created',
      limit + 1,
    );
    return pageOf(
      rows,
      limit,
      (r) => r.view,
      (r) => [r.createdText, r.view.id],
    );
  }

  // ------------------------------------------------------------ orders

  /** Matches order lines to catalog products by (family name, product name, version): one query per batch. */
  async function productIdsOf(tx: Transaction, lines: CreateOrderInput['lines']): Promise<Map<string, string>> {
    const families = [...new Set(lines.map((l) => l.productFamily))];
    if (families.length === 0) return new Map();
    const rows = await tx
      .select({ id: products.id, family: productFamilies.name, name: products.name, version: products.version })
      .from(products)
      .innerJoin(productFamilies, eq(productFamilies.id, products.familyId))
      .where(inArray(productFamilies.name, families));
    return new Map(rows.map((r) => [`${r.family}\n${r.name}\n${r.version}`, r.id]));
  }

  /** One order through the batch path: its refusal is thrown. */
  async function createOrder(tx: Transaction, actor: PartnerActor, input: CreateOrderInput): Promise<OrderView> {
    const [outcome] = await createOrders(tx, actor, [input]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.order;
  }

  /**
   * Creates orders with their lines — the partner API's one order and the bulk import's many — with the same rules
   * for each: countries are ISO codes, the License ID is one of the partner's own, the partner order number is new
   * (also within `inputs`: a repeat is refused as taken). Every rule is checked before anything is written, so a
   * refused order leaves nothing behind and needs no savepoint; the answer says per input what happened, in order.
   * Writes are multi-row INSERTs (orders, lines, audit entries) per slice of inputs, not statements per order.
   */
  async function createOrders(
    tx: Transaction,
    actor: PartnerActor,
    inputs: readonly CreateOrderInput[],
  ): Promise<OrderOutcome[]> {
    const outcomes: OrderOutcome[] = [];
    for (let start = 0; start < inputs.length; start += ORDERS_PER_SLICE)
      outcomes.push(...(await createOrderSlice(tx, actor, inputs.slice(start, start + ORDERS_PER_SLICE))));
    return outcomes;
  }

  async function createOrderSlice(
    tx: Transaction,
    actor: PartnerActor,
    inputs: readonly CreateOrderInput[],
  ): Promise<OrderOutcome[]> {
    const refused = new Map<number, AppError>();
    inputs.forEach((input, k) => {
      const fields: ProblemField[] = [];
      input.lines.forEach((line, i) => {
        if (!isCountryCode(line.country))
          fields.push({
            name: `body.lines.${i}.country`,
            message: 'is not an ISO 3166-1 code',
            rule: 'country_invalid',
          });
      });
      if (fields.length > 0) refused.set(k, invalid(fields));
    });
    const checked = inputs.map((input, k) => ({ input, k })).filter(({ k }) => !refused.has(k));
    const licenseNumbers = [...new Set(checked.map(({ input }) => input.licenseIdNumber))];
    const licenses =
      licenseNumbers.length === 0
        ? []
        : await tx
            .select({ id: licenseIds.id, number: licenseIds.number })
            .from(licenseIds)
            .where(and(eq(licenseIds.partnerId, actor.id), inArray(licenseIds.number, licenseNumbers)));
    const licenseByNumber = new Map(licenses.map((l) => [l.number, l]));
    const orderNumbers = [
      ...new Set(
        checked
          .filter(({ input }) => licenseByNumber.has(input.licenseIdNumber))
          .map(({ input }) => input.partnerOrderNumber),
      ),
    ];
    const taken = new Set(
      orderNumbers.length === 0
        ? []
        : (
            await tx
              .select({ n: orders.partnerOrderNumber })
              .from(orders)
              .where(and(eq(orders.partnerId, actor.id), inArray(orders.partnerOrderNumber, orderNumbers)))
          ).map((r) => r.n),
    );

    const now = clock.now();
    const accepted: {
      k: number;
      order: typeof orders.$inferSelect;
      licenseIdNumber: string;
      input: CreateOrderInput;
    }[] = [];
    for (const { input, k } of checked) {
      const licenseId = licenseByNumber.get(input.licenseIdNumber);
      if (!licenseId) refused.set(k, licenseIdNotFound(input.licenseIdNumber));
      else if (taken.has(input.partnerOrderNumber)) refused.set(k, orderNumberTaken(input.partnerOrderNumber));
      else {
        taken.add(input.partnerOrderNumber);
        accepted.push({
          k,
          input,
          licenseIdNumber: licenseId.number,
          order: {
            id: randomUUID(),
            partnerId: actor.id,
            licenseIdId: licenseId.id,
            partnerOrderNumber: input.partnerOrderNumber,
            customerOrderNumber: input.customerOrderNumber?.trim() ?? null,
            orderedOn: input.orderedOn,
            usageStart: input.usageStart ?? null,
            createdAt: now,
          },
        });
      }
    }

    const views = new Map<number, OrderView>();
    if (accepted.length > 0) {
      const productIds = await productIdsOf(
        tx,
        accepted.flatMap((a) => a.input.lines),
      );
      await tx.insert(orders).values(accepted.map((a) => a.order));
      const lineRows: OrderLineRow[] = [];
      for (const a of accepted) {
        const lines = a.input.lines.map((line, i) => ({
          lineNumber: i + 1,
          partNumber: line.partNumber,
          productId: productIds.get(`${line.productFamily}\n${line.product}\n${line.version}`) ?? null,
          product: line.product.trim(),
          productFamily: line.productFamily.trim(),
          version: line.version.trim(),
          pool: line.pool,
          licenseType: line.licenseType,
          quantity: line.quantity,
          country: line.country,
        }));
        for (const line of lines)
          lineRows.push({
            order_id: a.order.id,
            line_number: line.lineNumber,
            part_number: line.partNumber,
            product_id: line.productId,
            product: line.product,
            product_family: line.productFamily,
            version: line.version,
            pool: line.pool,
            license_type: line.licenseType,
            quantity: line.quantity,
            country: line.country,
          });
        views.set(a.k, { ...orderSummaryFields(a.order, a.licenseIdNumber), lines });
      }
      // The lines as one JSON parameter per statement: building a multi-row VALUES list through the query builder
      // costs more CPU than the database spends on the insert (measured: most of a bulk import's time).
      for (let start = 0; start < lineRows.length; start += LINES_PER_INSERT) {
        const rows = JSON.stringify(lineRows.slice(start, start + LINES_PER_INSERT));
        await tx.execute(sql`
          insert into order_lines (order_id, line_number, part_number, product_id, product, product_family, version,
                                   pool, license_type, quantity, country)
          select order_id, line_number, part_number, product_id, product, product_family, version, pool, license_type,
                 quantity, country
          from json_to_recordset(${rows}::json) as r(order_id uuid, line_number integer, part_number text,
               product_id uuid, product text, product_family text, version text, pool text, license_type text,
               quantity integer, country text)`);
      }
      // Product keys for what was ordered, in this transaction (an empty pool is recorded as a shortfall).
      await assignKeysForOrders(
        tx,
        clock,
        accepted.map((a) => ({
          orderId: a.order.id,
          licenseIdId: a.order.licenseIdId,
          licenseIdNumber: a.licenseIdNumber,
        })),
        partnerAudit(actor),
      );
      await recordAudits(
        tx,
        clock,
        accepted.map((a) => ({
          ...partnerAudit(actor),
          action: 'order.created',
          licenseIdNumber: a.licenseIdNumber,
          target: a.order.id,
          details: {
            ...partnerAudit(actor).details,
            partnerOrderNumber: a.input.partnerOrderNumber,
            lineCount: a.input.lines.length,
          },
        })),
      );
    }
    return inputs.map((_, k) => {
      const error = refused.get(k);
      return error ? { ok: false, error } : { ok: true, order: views.get(k)! };
    });
  }

  const orderSummaryFields = (order: typeof orders.$inferSelect, licenseIdNumber: string) => ({
    id: order.id,
    licenseIdNumber,
    partnerOrderNumber: order.partnerOrderNumber,
    customerOrderNumber: order.customerOrderNumber,
    orderedOn: order.orderedOn,
    usageStart: order.usageStart,
    createdAt: iso(order.createdAt),
  });

  async function getOrder(partnerId: string, id: string): Promise<OrderView> {
    const [row] = await db
      .select({ order: orders, licenseIdNumber: licenseIds.number })
      .from(orders)
      .innerJoin(licenseIds, eq(licenseIds.id, orders.licenseIdId))
      .where(and(eq(orders.id, id), eq(orders.partnerId, partnerId)));
    if (!row) throw notFound('order.not_found', 'There is no order with this id among your records.');
    const lines = await db
      .select()
      .from(orderLines)
      .where(eq(orderLines.orderId, id))
      .orderBy(asc(orderLines.lineNumber));
    return {
      ...orderSummaryFields(row.order, row.licenseIdNumber),
      lines: lines.map((l) => ({
        lineNumber: l.lineNumber,
        partNumber: l.partNumber,
        product: l.product,
        productFamily: l.productFamily,
        version: l.version,
        pool: l.pool as OrderView['lines'][number]['pool'],
        licenseType: l.licenseType as OrderView['lines'][number]['licenseType'],
        quantity: l.quantity,
        country: l.country,
        productId: l.productId,
      })),
    };
  }

  async function listOrders(
    partnerId: string,
    options: ListOptions & { licenseIdNumber?: string | undefined },
  ): Promise<PageOf<OrderSummaryView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({
        order: orders,
        licenseIdNumber: licenseIds.number,
        createdText: sql<string>`${orders.createdAt}::text`,
        lineCount: sql<number>`(select count(*)::int from order_lines ol where ol.order_id = "orders"."id")`,
      })
      .from(orders)
      .innerJoin(licenseIds, eq(licenseIds.id, orders.licenseIdId))
      .where(
        and(
          eq(orders.partnerId, partnerId),
          options.licenseIdNumber !== undefined ? eq(licenseIds.number, options.licenseIdNumber) : undefined,
          createdBefore(orders.createdAt, orders.id, key),
        ),
      )
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => ({ ...orderSummaryFields(r.order, r.licenseIdNumber), lineCount: r.lineCount }),
      (r) => [r.createdText, r.order.id],
    );
  }

  // ------------------------------------------------------------ operator: organizations

  async function listOrganizationsForOperator(
    options: ListOptions & { state?: 'pending' | 'approved' | 'rejected' | undefined },
  ): Promise<PageOf<OperatorOrganizationView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({
        organization: organizations,
        partnerName: partners.name,
        createdText: sql<string>`${organizations.createdAt}::text`,
        licenseIdCount: sql<number>`(select count(*)::int from license_ids l where l.organization_id = "organizations"."id")`,
      })
      .from(organizations)
      .leftJoin(partners, eq(partners.id, organizations.partnerId))
      .where(
        and(
          options.state ? eq(organizations.approvalState, options.state) : undefined,
          createdBefore(organizations.createdAt, organizations.id, key),
        ),
      )
      .orderBy(desc(organizations.createdAt), desc(organizations.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => operatorOrganizationView(r.organization, r.partnerName, r.licenseIdCount),
      (r) => [r.createdText, r.organization.id],
    );
  }

  const operatorOrganizationView = (
    o: typeof organizations.$inferSelect,
    partnerName: string | null,
    licenseIdCount: number,
  ): OperatorOrganizationView => ({
    ...organizationView(o),
    partner: o.partnerId && partnerName !== null ? { id: o.partnerId, name: partnerName } : null,
    licenseIdCount,
  });

  async function decideOrganization(
    actor: OperatorActor,
    id: string,
    decision: 'approve' | 'reject',
    reason: string | undefined,
  ): Promise<OperatorOrganizationView> {
    return db.transaction(async (tx) => {
      const approvalState = decision === 'approve' ? 'approved' : 'rejected';
      const [organization] = await tx
        .update(organizations)
        .set({ approvalState })
        .where(eq(organizations.id, id))
        .returning();
      if (!organization) throw notFound('organization.not_found', 'There is no organization with this id.');
      await recordAudit(tx, clock, {
        action: `organization.${approvalState}`,
        actorKind: 'operator',
        actorAccountId: actor.accountId,
        tenantId: organization.tenantId,
        target: organization.id,
        details: { name: organization.name, ...(reason?.trim() ? { reason: reason.trim() } : {}) },
        ip: actor.ip,
      });
      const [extra] = await tx
        .select({
          partnerName: partners.name,
          licenseIdCount: sql<number>`(select count(*)::int from license_ids l where l.organization_id = ${id})`,
        })
        .from(organizations)
        .leftJoin(partners, eq(partners.id, organizations.partnerId))
        .where(eq(organizations.id, id));
      return operatorOrganizationView(organization, extra?.partnerName ?? null, extra?.licenseIdCount ?? 0);
    });
  }

  // ------------------------------------------------------------ operator: partners and tokens

  // Written out: in a single-table select Drizzle leaves column names unqualified, which a subquery would capture.
  const activeTokenCount = sql<number>`(select count(*)::int from partner_tokens pt where pt.partner_id = "partners"."id" and pt.revoked_at is null)`;

  const partnerView = (p: typeof partners.$inferSelect, tokens: number): PartnerView => ({
    id: p.id,
    name: p.name,
    pcn: p.pcn,
    notificationEmail: p.notificationEmail,
    activeTokenCount: tokens,
    createdAt: iso(p.createdAt),
  });

  async function createPartner(actor: OperatorActor, input: CreatePartnerInput): Promise<PartnerView> {
    if (!isValidEmail(input.notificationEmail))
      throw invalid([
        { name: 'body.notificationEmail', message: 'is not a valid e-mail address', rule: 'email_invalid' },
      ]);
    try {
      return await db.transaction(async (tx) => {
        const [partner] = await tx
          .insert(partners)
          .values({
            name: input.name.trim(),
            pcn: input.pcn,
            notificationEmail: normalizeEmail(input.notificationEmail),
            createdAt: clock.now(),
          })
          .returning();
        await recordAudit(tx, clock, {
          action: 'partner.created',
          actorKind: 'operator',
          actorAccountId: actor.accountId,
          target: partner!.id,
          details: { name: partner!.name, pcn: partner!.pcn },
          ip: actor.ip,
        });
        return partnerView(partner!, 0);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'partners_pcn_key'))
        throw conflict('partner.pcn_taken', `A partner with PCN ${input.pcn} already exists.`);
      throw error;
    }
  }

  async function listPartners(options: ListOptions): Promise<PageOf<PartnerView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({ partner: partners, tokens: activeTokenCount, createdText: sql<string>`${partners.createdAt}::text` })
      .from(partners)
      .where(createdBefore(partners.createdAt, partners.id, key))
      .orderBy(desc(partners.createdAt), desc(partners.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => partnerView(r.partner, r.tokens),
      (r) => [r.createdText, r.partner.id],
    );
  }

  async function findPartner(executor: Executor, partnerId: string) {
    const [partner] = await executor.select().from(partners).where(eq(partners.id, partnerId));
    if (!partner) throw notFound('partner.not_found', 'There is no partner with this id.');
    return partner;
  }

  const tokenView = (t: typeof partnerTokens.$inferSelect): PartnerTokenView => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: iso(t.createdAt),
    lastUsedAt: t.lastUsedAt ? iso(t.lastUsedAt) : null,
    revokedAt: t.revokedAt ? iso(t.revokedAt) : null,
  });

  async function listTokens(partnerId: string): Promise<PartnerTokenView[]> {
    await findPartner(db, partnerId);
    const rows = await db
      .select()
      .from(partnerTokens)
      .where(eq(partnerTokens.partnerId, partnerId))
      .orderBy(desc(partnerTokens.createdAt), desc(partnerTokens.id));
    return rows.map(tokenView);
  }

  /** A new API token for the partner: returned this once, stored only as a hash. */
  async function issueToken(actor: OperatorActor, partnerId: string, name: string): Promise<IssuedPartnerTokenView> {
    return db.transaction(async (tx) => {
      const partner = await findPartner(tx, partnerId);
      const { token, tokenHash, prefix } = newPartnerToken(newToken);
      const [row] = await tx
        .insert(partnerTokens)
        .values({ partnerId: partner.id, name: name.trim(), tokenHash, prefix, createdAt: clock.now() })
        .returning();
      await recordAudit(tx, clock, {
        action: 'partner.token_issued',
        actorKind: 'operator',
        actorAccountId: actor.accountId,
        target: row!.id,
        details: { partnerId: partner.id, name: row!.name, prefix },
        ip: actor.ip,
      });
      return { ...tokenView(row!), token };
    });
  }

  /** Revokes a token at once. Revoking a revoked token changes nothing. */
  async function revokeToken(actor: OperatorActor, partnerId: string, tokenId: string): Promise<void> {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(partnerTokens)
        .where(and(eq(partnerTokens.id, tokenId), eq(partnerTokens.partnerId, partnerId)));
      if (!row) throw notFound('partner_token.not_found', 'This partner has no token with this id.');
      if (row.revokedAt) return;
      await tx
        .update(partnerTokens)
        .set({ revokedAt: clock.now() })
        .where(and(eq(partnerTokens.id, tokenId), isNull(partnerTokens.revokedAt)));
      await recordAudit(tx, clock, {
        action: 'partner.token_revoked',
        actorKind: 'operator',
        actorAccountId: actor.accountId,
        target: row.id,
        details: { partnerId, name: row.name, prefix: row.prefix },
        ip: actor.ip,
      });
    });
  }

  async function getPartner(partnerId: string): Promise<PartnerView> {
    const [row] = await db
      .select({ partner: partners, tokens: activeTokenCount })
      .from(partners)
      .where(eq(partners.id, partnerId));
    if (!row) throw notFound('partner.not_found', 'There is no partner with this id.');
    return partnerView(row.partner, row.tokens);
  }

  // ------------------------------------------------------------ operator: programs

  const programLicenseIdCount = sql<number>`(select count(*)::int from license_ids l where l.program_id = "programs"."id")`;

  const programView = (p: typeof programs.$inferSelect, licenseIdCount: number): ProgramView => ({
    id: p.id,
    name: p.name,
    enterpriseStyle: p.enterpriseStyle,
    catalogVisibility: p.catalogVisibility as ProgramView['catalogVisibility'],
    licenseIdCount,
  });

  /** Programs by name (then id). A handful in practice; paginated all the same. */
  async function listPrograms(options: ListOptions): Promise<PageOf<ProgramView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const key = decodeCursor(options.cursor, 2);
    const rows = await db
      .select({ program: programs, licenseIdCount: programLicenseIdCount })
      .from(programs)
      .where(key ? sql`(${programs.name}, ${programs.id}) > (${key[0]}, ${key[1]})` : undefined)
      .orderBy(asc(programs.name), asc(programs.id))
      .limit(limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => programView(r.program, r.licenseIdCount),
      (r) => [r.program.name, r.program.id],
    );
  }

  const operatorAudit = (actor: OperatorActor) => ({
    actorKind: 'operator' as const,
    actorAccountId: actor.accountId,
    ip: actor.ip,
  });

  async function createProgram(actor: OperatorActor, input: CreateProgramInput): Promise<ProgramView> {
    return db.transaction(async (tx) => {
      const [program] = await tx
        .insert(programs)
        .values({
          id: input.id,
          name: input.name.trim(),
          enterpriseStyle: input.enterpriseStyle,
          catalogVisibility: input.catalogVisibility,
        })
        .onConflictDoNothing()
        .returning();
      if (!program)
        throw conflict(
          'program.id_taken',
          `A program with id ${input.id} already exists. Choose another id, or change that program instead.`,
        );
      await recordAudit(tx, clock, {
        ...operatorAudit(actor),
        action: 'program.created',
        target: program.id,
        details: {
          name: program.name,
          enterpriseStyle: program.enterpriseStyle,
          catalogVisibility: program.catalogVisibility,
        },
      });
      return programView(program, 0);
    });
  }

  /**
   * Renames a program or changes its catalog visibility. Its enterprise style decides how each of its License IDs
   * onboards people (invitations or none), so it changes only while the program has no License IDs.
   */
  async function updateProgram(actor: OperatorActor, id: string, input: UpdateProgramInput): Promise<ProgramView> {
    return db.transaction(async (tx) => {
      // FOR UPDATE waits for License IDs being created in this program (they hold the row FOR SHARE).
      const [program] = await tx.select().from(programs).where(eq(programs.id, id)).for('update');
      if (!program) throw notFound('program.not_found', 'There is no program with this id.');
      const [{ count }] = (await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(licenseIds)
        .where(eq(licenseIds.programId, id))) as [{ count: number }];
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const next = {
        name: input.name?.trim() ?? program.name,
        catalogVisibility: input.catalogVisibility ?? program.catalogVisibility,
        enterpriseStyle: input.enterpriseStyle ?? program.enterpriseStyle,
      };
      for (const field of ['name', 'catalogVisibility', 'enterpriseStyle'] as const)
        if (next[field] !== program[field]) changes[field] = { from: program[field], to: next[field] };
      if (changes.enterpriseStyle && count > 0) {
        throw conflict(
          'program.in_use',
          `${program.name} already has ${count} License ID${count === 1 ? '' : 's'}: its enterprise style decides how their users are onboarded (invitations or sign-in IDs), so it cannot change now. Create a new program with the other style instead.`,
        );
      }
      if (Object.keys(changes).length === 0) return programView(program, count);
      const [updated] = await tx.update(programs).set(next).where(eq(programs.id, id)).returning();
      await recordAudit(tx, clock, {
        ...operatorAudit(actor),
        action: 'program.updated',
        target: id,
        details: { changes },
      });
      return programView(updated!, count);
    });
  }

  // ------------------------------------------------------------ parent agreements

  async function findOwnParentAgreement(executor: Executor, partnerId: string, number: string, lock = false) {
    let query = executor
      .select()
      .from(parentAgreements)
      .where(and(eq(parentAgreements.number, number), eq(parentAgreements.partnerId, partnerId)))
      .$dynamic();
    // FOR UPDATE serializes replacements of one contact list (two deletes + inserts would otherwise interleave).
    if (lock) query = query.for('update');
    const [parent] = await query;
    if (!parent)
      throw notFound('parent_agreement.not_found', `There is no parent agreement ${number} among your records.`);
    return parent;
  }

  async function parentAgreementView(
    executor: Executor,
    parent: typeof parentAgreements.$inferSelect,
  ): Promise<ParentAgreementView> {
    const [names] = await executor
      .select({ organizationName: organizations.name, programName: programs.name })
      .from(organizations)
      .innerJoin(programs, eq(programs.id, parent.programId))
      .where(eq(organizations.id, parent.organizationId));
    const contacts = await executor
      .select()
      .from(agreementContacts)
      .where(eq(agreementContacts.parentAgreementId, parent.id))
      .orderBy(asc(agreementContacts.kind), asc(agreementContacts.email));
    const children = await executor
      .select({ number: licenseIds.number })
      .from(licenseIds)
      .where(eq(licenseIds.parentAgreementId, parent.id))
      .orderBy(asc(licenseIds.number));
    return {
      id: parent.id,
      number: parent.number,
      organizationId: parent.organizationId,
      organizationName: names!.organizationName,
      programId: parent.programId,
      programName: names!.programName,
      contacts: contacts.map((c) => ({ kind: c.kind as ContactKind, name: c.name, email: c.email })),
      licenseIdNumbers: children.map((c) => c.number),
      createdAt: iso(parent.createdAt),
    };
  }

  async function getParentAgreement(partnerId: string, number: string): Promise<ParentAgreementView> {
    return parentAgreementView(db, await findOwnParentAgreement(db, partnerId, number));
  }

  /**
   * Replaces the parent agreement's contacts (rows of agreement_contacts with parent_agreement_id). The same contact
   * rules as a License ID's: one contact per kind, valid business e-mails.
   */
  async function replaceParentAgreementContacts(
    tx: Transaction,
    actor: PartnerActor,
    number: string,
    input: ReplaceContactsInput,
  ): Promise<ParentAgreementView> {
    const problems = contactProblems(input.contacts);
    if (problems.length > 0) throw invalid(problems);
    const parent = await findOwnParentAgreement(tx, actor.id, number, true);
    const previous = await tx
      .delete(agreementContacts)
      .where(eq(agreementContacts.parentAgreementId, parent.id))
      .returning({ kind: agreementContacts.kind, email: agreementContacts.email });
    const contacts = input.contacts.map((c) => ({
      parentAgreementId: parent.id,
      kind: c.kind,
      name: c.name.trim(),
      email: normalizeEmail(c.email),
    }));
    if (contacts.length > 0) await tx.insert(agreementContacts).values(contacts);
    const [organization] = await tx
      .select({ tenantId: organizations.tenantId })
      .from(organizations)
      .where(eq(organizations.id, parent.organizationId));
    await recordAudit(tx, clock, {
      ...partnerAudit(actor),
      action: 'parent_agreement.contacts_replaced',
      tenantId: organization?.tenantId ?? null,
      target: parent.id,
      details: {
        ...partnerAudit(actor).details,
        number: parent.number,
        before: previous.map((c) => `${c.kind}:${c.email}`).sort(),
        after: contacts.map((c) => `${c.kind}:${c.email}`).sort(),
      },
    });
    return parentAgreementView(tx, parent);
  }

  return {
    getPartner,
    listPrograms,
    createProgram,
    updateProgram,
    getParentAgreement,
    replaceParentAgreementContacts,
    createOrganization,
    getOrganization,
    listOrganizations,
    createLicenseId,
    createLicenseIds,
    getLicenseId,
    listLicenseIds,
    createOrder,
    createOrders,
    getOrder,
    listOrders,
    listOrganizationsForOperator,
    decideOrganization,
    createPartner,
    listPartners,
    listTokens,
    issueToken,
    revokeToken,
  };
}

export type AgreementsService = ReturnType<typeof createAgreementsService>;

const organizationNotFound = () =>
  notFound('organization.not_found', 'There is no organization with this id among your records.');

const organizationRejected = (name: string) =>
  conflict(
    'organization.rejected',
    `${name} was rejected by the publisher's operators: no License IDs can be added to it. Contact the publisher if this is a mistake.`,
  );

export const licenseIdNumberTaken = (number: string) =>
  conflict(
    'license_id.number_taken',
    `License ID ${number} already exists. Check the number; every License ID is unique.`,
  );

export const orderNumberTaken = (number: string) =>
  conflict(
    'order.number_taken',
    `You already created an order with partner order number ${number}. Check the number, or use GET /api/v1/partner/orders to find it.`,
  );

export const parentAgreementNumberTaken = (number: string) =>
  conflict(
    'parent_agreement.number_taken',
    `Parent agreement number ${number} is already used by another partner's records. Check the number.`,
  );

/** A unique index that a concurrent request won: the same answer as when the first request had committed already. */
export function uniqueViolationProblem(
  error: unknown,
  input: { number?: string; parentAgreementNumber?: string | undefined; partnerOrderNumber?: string },
): AppError | undefined {
  if (input.number !== undefined && isUniqueViolation(error, 'license_ids_number_key'))
    return licenseIdNumberTaken(input.number);
  if (input.parentAgreementNumber !== undefined && isUniqueViolation(error, 'parent_agreements_number_key'))
    return parentAgreementNumberTaken(input.parentAgreementNumber);
  if (input.partnerOrderNumber !== undefined && isUniqueViolation(error, 'orders_partner_order_number_key'))
    return orderNumberTaken(input.partnerOrderNumber);
  return undefined;
}

export const licenseIdNotFound = (number: string) =>
  notFound('license_id.not_found', `There is no License ID ${number} among your records.`);
