// The partner API (/api/v1/partner/...): a partner creates organizations, License IDs with contacts, and orders, and
// reads back its own records, and sets the contacts of its parent agreements. Bearer token (or partner-console
// session); POSTs and PUTs honour an Idempotency-Key header.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { runIdempotent, type IdempotentResult } from './idempotency.js';
import {
  AgreementNumber,
  CreatedLicenseId,
  CreateLicenseIdBody,
  CreateOrderBody,
  CreateOrganizationBody,
  IdempotencyHeaders,
  LicenseId,
  ListQuery,
  Order,
  OrderSummary,
  Organization,
  Page,
  ParentAgreement,
  ReplaceContactsBody,
  Uuid,
} from './schemas.js';
import { uniqueViolationProblem, type AgreementsService, type PartnerActor } from './service.js';

const OrganizationPage = Page(Organization, 'PartnerOrganizationPage');
const LicenseIdPage = Page(LicenseId, 'PartnerLicenseIdPage');
const OrderPage = Page(OrderSummary, 'PartnerOrderPage');

const REPLAYED_HEADER = 'idempotent-replayed';
const ORDER_BODY_LIMIT_BYTES = 1024 * 1024;

export function partnerRoutes(deps: {
  db: Database;
  clock: Clock;
  agreements: AgreementsService;
}): FastifyPluginAsyncTypebox {
  const { db, clock, agreements } = deps;

  const actorOf = (request: FastifyRequest): PartnerActor => ({ ...request.partner!, ip: request.ip });

  /** Runs a partner's change in one transaction, once per Idempotency-Key. */
  async function idempotent<T>(
    request: FastifyRequest,
    conflictKeys: Parameters<typeof uniqueViolationProblem>[1],
    work: (tx: Transaction, actor: PartnerActor) => Promise<T>,
    status = 201,
  ): Promise<IdempotentResult<T>> {
    const actor = actorOf(request);
    const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
    try {
      return await runIdempotent(
        db,
        clock,
        // The path as called (its parameters are part of the request), without a query string.
        { partnerId: actor.id, key, method: request.method, path: request.url.split('?')[0]!, body: request.body },
        status,
        (tx) => work(tx, actor),
      );
    } catch (error) {
      throw uniqueViolationProblem(error, conflictKeys) ?? error;
    }
  }

  const send = <T>(reply: FastifyReply, result: IdempotentResult<T>) => {
    if (result.replayed) void reply.header(REPLAYED_HEADER, 'true');
    return reply.status(result.status).send(result.body);
  };

  return async (app) => {
    const tags = ['partner'];
    const security = [{ partnerToken: [] }];

    app.post(
      '/api/v1/partner/organizations',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerCreateOrganization',
          summary: 'Create a customer organization (pending the publisher’s approval)',
          headers: IdempotencyHeaders,
          body: CreateOrganizationBody,
          response: { 201: Organization },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await idempotent(request, {}, (tx, actor) => agreements.createOrganization(tx, actor, request.body)),
        ),
    );

    app.get(
      '/api/v1/partner/organizations',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerListOrganizations',
          summary: 'Your organizations, newest first',
          querystring: ListQuery,
          response: { 200: OrganizationPage },
        },
      },
      async (request) => agreements.listOrganizations(request.partner!.id, request.query),
    );

    app.get(
      '/api/v1/partner/organizations/:id',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerGetOrganization',
          summary: 'One of your organizations',
          params: Type.Object({ id: Uuid }),
          response: { 200: Organization },
        },
      },
      async (request) => agreements.getOrganization(request.partner!.id, request.params.id),
    );

    app.post(
      '/api/v1/partner/license-ids',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerCreateLicenseId',
          summary: 'Create a License ID with its contacts; sends the welcome e-mails (SPEC §5)',
          description:
            'Non-enterprise programs: each Primary and Notices contact without a VL profile gets an invitation, Bill To an invoice-reader invitation; contacts whose business e-mail already has a VL profile get the roles at once. Enterprise-style programs send no invitation. `welcome` says what happened per e-mail.',
          headers: IdempotencyHeaders,
          body: CreateLicenseIdBody,
          response: { 201: CreatedLicenseId },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await idempotent(
            request,
            { number: request.body.number, parentAgreementNumber: request.body.parentAgreementNumber },
            (tx, actor) => agreements.createLicenseId(tx, actor, request.body),
          ),
        ),
    );

    app.get(
      '/api/v1/partner/license-ids',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerListLicenseIds',
          summary: 'Your License IDs, newest first',
          querystring: ListQuery,
          response: { 200: LicenseIdPage },
        },
      },
      async (request) => agreements.listLicenseIds(request.partner!.id, request.query),
    );

    app.get(
      '/api/v1/partner/license-ids/:number',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerGetLicenseId',
          summary: 'One of your License IDs with its contacts',
          params: Type.Object({ number: AgreementNumber }),
          response: { 200: LicenseId },
        },
      },
      async (request) => agreements.getLicenseId(request.partner!.id, request.params.number),
    );

    app.post(
      '/api/v1/partner/orders',
      {
        config: { access: 'partner' },
        // Up to 1,000 lines of up to ~700 bytes each: more than the app's default JSON limit.
        bodyLimit: ORDER_BODY_LIMIT_BYTES,
        schema: {
          tags,
          security,
          operationId: 'partnerCreateOrder',
          summary: 'Record an order with its lines on one of your License IDs',
          headers: IdempotencyHeaders,
          body: CreateOrderBody,
          response: { 201: Order },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await idempotent(request, { partnerOrderNumber: request.body.partnerOrderNumber }, (tx, actor) =>
            agreements.createOrder(tx, actor, request.body),
          ),
        ),
    );

    app.get(
      '/api/v1/partner/parent-agreements/:number',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerGetParentAgreement',
          summary: 'One of your parent agreements with its contacts and child License IDs',
          params: Type.Object({ number: AgreementNumber }),
          response: { 200: ParentAgreement },
        },
      },
      async (request) => agreements.getParentAgreement(request.partner!.id, request.params.number),
    );

    app.put(
      '/api/v1/partner/parent-agreements/:number/contacts',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerReplaceParentAgreementContacts',
          summary: 'Replace the contacts of one of your parent agreements',
          description:
            'The list replaces the current one (an empty list removes them all). One contact per kind, as on a License ID.',
          headers: IdempotencyHeaders,
          params: Type.Object({ number: AgreementNumber }),
          body: ReplaceContactsBody,
          response: { 200: ParentAgreement },
        },
      },
      async (request, reply) =>
        send(
          reply,
          await idempotent(
            request,
            {},
            (tx, actor) => agreements.replaceParentAgreementContacts(tx, actor, request.params.number, request.body),
            200,
          ),
        ),
    );

    app.get(
      '/api/v1/partner/orders',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerListOrders',
          summary: 'Your orders, newest first (optionally of one License ID)',
          querystring: Type.Object(
            { ...ListQuery.properties, licenseIdNumber: Type.Optional(AgreementNumber) },
            { additionalProperties: false },
          ),
          response: { 200: OrderPage },
        },
      },
      async (request) => agreements.listOrders(request.partner!.id, request.query),
    );

    app.get(
      '/api/v1/partner/orders/:id',
      {
        config: { access: 'partner' },
        schema: {
          tags,
          security,
          operationId: 'partnerGetOrder',
          summary: 'One of your orders with its lines',
          params: Type.Object({ id: Uuid }),
          response: { 200: Order },
        },
      },
      async (request) => agreements.getOrder(request.partner!.id, request.params.id),
    );
  };
}
