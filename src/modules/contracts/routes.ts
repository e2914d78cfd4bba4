// Contracts and reports (SPEC §7): the contracts list with filters and CSV export, a License ID's details, orders
// (per License ID or across all) with CSV, and the license summary. What the caller may see comes from their VL roles
// (the matrix): routes on one License ID declare their capability; lists filter in their query.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { sendCsv } from '../../http/csv-reply.js';
import { sendJsonPage } from '../../http/json-page.js';
import { VL_CAPABILITIES, VL_ROLES } from '../../domain/vl-roles.js';
import { AgreementNumber, IsoDate } from '../agreements/schemas.js';
import { badRequest } from '../../domain/errors.js';
import { SUMMARY_MAX_LICENSE_IDS, SUMMARY_MAX_NAMED_LICENSE_IDS, type ContractsService } from './service.js';
import type { SummaryReportsService } from './summary-reports.js';

const VlRole = Type.Enum([...VL_ROLES]);
const LicenseIdStatus = Type.Enum(['active', 'expired', 'terminated']);

const Contract = Type.Object({
  licenseIdNumber: Type.String(),
  organizationName: Type.String(),
  location: Type.String(),
  programId: Type.String(),
  programName: Type.String(),
  enterpriseStyle: Type.Boolean({
    description: 'an enterprise-style program: users are added by sign-in ID, and Import roles copies them in',
  }),
  parentAgreementNumber: Type.Union([Type.String(), Type.Null()]),
  cloud: Type.Enum([...CLOUDS]),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  status: LicenseIdStatus,
  roles: Type.Array(VlRole, { description: 'every role you hold, direct or inherited' }),
  inheritedRoles: Type.Array(VlRole, {
    description: 'roles held only through inheritance from the parent agreement (not editable at the License ID)',
  }),
  administratorCount: Type.Integer({ description: 'administrators of the License ID; 1 shows a warning' }),
  capabilities: Type.Array(Type.Enum([...VL_CAPABILITIES])),
  accessAtRisk: Type.Boolean({ description: 'the role is held by an identity of another cloud (ACCESS AT RISK)' }),
});

const ContractPage = Type.Object(
  { items: Type.Array(Contract), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'ContractPage' },
);

/** Up to 200 License ID numbers, comma-separated (a multi-select). */
const NumberList = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{2,31}(,[A-Z0-9][A-Z0-9-]{2,31}){0,199}$',
  maxLength: 6600,
  description: 'License ID numbers, comma-separated (at most 200)',
});
const numbersOf = (list: string | undefined) => (list === undefined ? undefined : [...new Set(list.split(','))]);

const ContractFilters = {
  programId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' })),
  status: Type.Optional(LicenseIdStatus),
  endFrom: Type.Optional(IsoDate),
  endTo: Type.Optional(IsoDate),
  organization: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'part of the name' })),
  cloud: Type.Optional(Type.Enum([...CLOUDS])),
  licenseIdNumbers: Type.Optional(NumberList),
};

const Paging = {
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

const OrderLine = Type.Object({
  lineNumber: Type.Integer(),
  partNumber: Type.String(),
  product: Type.String(),
  productFamily: Type.String(),
  version: Type.String(),
  pool: Type.String(),
  licenseType: Type.String(),
  quantity: Type.Integer(),
  country: Type.String(),
});

const Order = Type.Object({
  id: Type.String({ format: 'uuid' }),
  licenseIdNumber: Type.String(),
  organizationName: Type.String(),
  partnerName: Type.String(),
  partnerOrderNumber: Type.String(),
  customerOrderNumber: Type.Union([Type.String(), Type.Null()]),
  orderedOn: IsoDate,
  usageStart: Type.Union([IsoDate, Type.Null()]),
  lines: Type.Array(OrderLine),
});

const OrderPage = Type.Object(
  { items: Type.Array(Order), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'OrderPage' },
);

const OrderFilters = {
  licenseIdNumbers: Type.Optional(NumberList),
  sort: Type.Optional(Type.Enum(['ordered-on-desc', 'ordered-on-asc'], { default: 'ordered-on-desc' })),
  orderedFrom: Type.Optional(IsoDate),
  orderedTo: Type.Optional(IsoDate),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'order number or product name' })),
};

const ContractDetails = Type.Object(
  {
    licenseIdNumber: Type.String(),
    organizationName: Type.String(),
    location: Type.String(),
    pcns: Type.Array(Type.String()),
    programId: Type.String(),
    programName: Type.String(),
    parentAgreementNumber: Type.Union([Type.String(), Type.Null()]),
    partnerName: Type.String(),
    cloud: Type.Enum([...CLOUDS]),
    startDate: IsoDate,
    endDate: IsoDate,
    saEndDate: Type.Union([IsoDate, Type.Null()]),
    status: LicenseIdStatus,
    roles: Type.Array(VlRole),
    inheritedRoles: Type.Array(VlRole),
    capabilities: Type.Array(Type.Enum([...VL_CAPABILITIES])),
    accessAtRisk: Type.Boolean(),
    offerings: Type.Array(
      Type.Object({
        productFamily: Type.String(),
        product: Type.String(),
        version: Type.String(),
        pool: Type.String(),
        licenseType: Type.String(),
        quantity: Type.Integer(),
      }),
    ),
    contacts: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), email: Type.String() })),
    tenants: Type.Array(
      Type.Object({
        displayName: Type.String(),
        initialDomain: Type.String(),
        cloud: Type.String(),
        domains: Type.Array(Type.String()),
      }),
    ),
  },
  { $id: 'ContractDetails' },
);

const SummaryItem = Type.Object({
  productFamily: Type.String(),
  version: Type.String(),
  pool: Type.String(),
  effectiveQuantity: Type.Integer(),
  activeSaQuantity: Type.Integer(),
});

const LicenseSummary = Type.Object(
  {
    licenseIdNumbers: Type.Array(Type.String()),
    items: Type.Array(SummaryItem),
  },
  { $id: 'LicenseSummary' },
);

const SummaryReport = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    state: Type.Union([Type.Literal('queued'), Type.Literal('ready'), Type.Literal('failed')]),
    licenseIdCount: Type.Integer({ description: 'how many License IDs were asked for' }),
    createdAt: Type.String({ format: 'date-time' }),
    completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    result: Type.Union([
      Type.Object({
        licenseIdNumbers: Type.Array(Type.String(), {
          description: 'the License IDs covered: those you still held a license summary role on when it ran',
        }),
        items: Type.Array(SummaryItem),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'LicenseSummaryReport' },
);

const CsvText = Type.String({ description: 'text/csv; RFC 4180, UTF-8 with BOM, header row' });

export function contractsRoutes(deps: {
  contracts: ContractsService;
  summaryReports: SummaryReportsService;
}): FastifyPluginAsyncTypebox {
  const { contracts, summaryReports } = deps;
  return async (app) => {
    const tags = ['contracts'];

    app.get(
      '/api/v1/contracts',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listContracts',
          summary: 'Your License IDs (those you hold any VL role on), nearest end date first',
          querystring: Type.Object({ ...ContractFilters, ...Paging }, { additionalProperties: false }),
          response: { 200: ContractPage },
        },
      },
      async (request, reply) => {
        const page = await contracts.listContractsPage(
          request.auth!,
          { ...request.query, licenseIdNumbers: numbersOf(request.query.licenseIdNumbers) },
          (page) => reply.serialize(page) as string,
        );
        // Already serialized by this route's response schema (reply.serialize): sent as it is, or gzipped.
        return sendJsonPage(request, reply, page);
      },
    );

    app.get(
      '/api/v1/contracts/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'exportContracts',
          summary: 'The contracts list (same filters, or the selected License IDs) as CSV, streamed',
          querystring: Type.Object(ContractFilters, { additionalProperties: false }),
          produces: ['text/csv'],
          response: { 200: CsvText },
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          'contracts.csv',
          contracts.exportContracts(request.auth!.account, {
            ...request.query,
            licenseIdNumbers: numbersOf(request.query.licenseIdNumbers),
          }),
        ),
    );

    app.get(
      '/api/v1/contracts/:licenseIdNumber',
      {
        config: { access: 'signed-in', licenseIdCapability: 'contract.details' },
        schema: {
          tags,
          operationId: 'getContract',
          summary: "A License ID's details: facts, Offerings, Contacts and Tenants",
          params: Type.Object({ licenseIdNumber: AgreementNumber }),
          response: { 200: ContractDetails },
        },
      },
      async (request) => contracts.details(request.auth!.account, request.licenseIdGrant!),
    );

    app.get(
      '/api/v1/orders',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listOrders',
          summary: 'Orders on your License IDs (those whose orders your roles show), newest first by default',
          description:
            'With licenseIdNumbers, only those License IDs; one you may not see the orders of is 404 license_id.not_found naming the field.',
          querystring: Type.Object({ ...OrderFilters, ...Paging }, { additionalProperties: false }),
          response: { 200: OrderPage },
        },
      },
      async (request) =>
        contracts.listOrders(request.auth!.account, {
          ...request.query,
          licenseIdNumbers: numbersOf(request.query.licenseIdNumbers),
        }),
    );

    app.get(
      '/api/v1/orders/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'exportOrders',
          summary: 'Orders (same filters) as CSV, one record per order line, streamed',
          querystring: Type.Object(OrderFilters, { additionalProperties: false }),
          produces: ['text/csv'],
          response: { 200: CsvText },
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          'orders.csv',
          contracts.exportOrders(request.auth!.account, {
            ...request.query,
            licenseIdNumbers: numbersOf(request.query.licenseIdNumbers),
          }),
        ),
    );

    app.post(
      '/api/v1/license-summary',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'licenseSummary',
          summary:
            'License summary of the selected License IDs (or all of yours): effective and active Software Assurance quantity per product family, version and pool',
          description: `Name the License IDs (at most ${SUMMARY_MAX_NAMED_LICENSE_IDS.toLocaleString('en')}) or send allLicenseIds: true, not both. Each named License ID needs a role that shows the license summary; one that does not is 404 license_id.not_found naming the field. Up to ${SUMMARY_MAX_LICENSE_IDS.toLocaleString('en')} License IDs are answered at once (200); more are summarized by a background job (202 with the report; you get an in-app notice and an e-mail when it is ready).`,
          body: Type.Object(
            {
              licenseIdNumbers: Type.Optional(
                Type.Array(AgreementNumber, {
                  minItems: 1,
                  maxItems: SUMMARY_MAX_NAMED_LICENSE_IDS,
                  uniqueItems: true,
                }),
              ),
              allLicenseIds: Type.Optional(Type.Literal(true)),
            },
            { additionalProperties: false },
          ),
          response: { 200: LicenseSummary, 202: Type.Object({ report: SummaryReport }) },
        },
      },
      async (request, reply) => {
        const { licenseIdNumbers, allLicenseIds } = request.body;
        if ((licenseIdNumbers === undefined) === (allLicenseIds === undefined)) {
          throw badRequest(
            'request.invalid',
            'Name the License IDs to summarize, or ask for all of them — one of the two.',
            [
              {
                name: licenseIdNumbers ? 'body.allLicenseIds' : 'body.licenseIdNumbers',
                message: 'give either licenseIdNumbers or allLicenseIds: true',
                rule: 'either_or',
              },
            ],
          );
        }
        const answer = await contracts.summaryAnswer(
          request.auth!,
          licenseIdNumbers ?? 'all',
          (summary) => reply.serialize(summary) as string,
        );
        if ('page' in answer) return sendJsonPage(request, reply, answer.page);
        const report = await summaryReports.start(request.auth!.account, answer.reportOf);
        return reply.code(202).header('location', `/api/v1/license-summary/reports/${report.id}`).send({ report });
      },
    );

    app.get(
      '/api/v1/license-summary/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'exportLicenseSummary',
          summary: 'License summary of the selected License IDs (or all of yours) as CSV',
          description: `Each named License ID needs a role that shows the license summary; one that does not is 404 license_id.not_found naming the field. More than ${SUMMARY_MAX_LICENSE_IDS.toLocaleString('en')} License IDs is 409 license_summary.too_many_to_export: ask for a report (POST /api/v1/license-summary) and export that.`,
          querystring: Type.Object(
            { licenseIdNumbers: ContractFilters.licenseIdNumbers },
            { additionalProperties: false },
          ),
          produces: ['text/csv'],
          response: { 200: CsvText },
        },
      },
      async (request, reply) =>
        sendCsv(
          reply,
          'license-summary.csv',
          contracts.exportSummary(request.auth!.account, numbersOf(request.query.licenseIdNumbers) ?? 'all'),
        ),
    );

    app.get(
      '/api/v1/license-summary/reports',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listLicenseSummaryReports',
          summary: 'Your recent license summary reports (those above 1,000 License IDs), newest first',
          response: { 200: Type.Object({ items: Type.Array(SummaryReport) }) },
        },
      },
      async (request) => ({ items: await summaryReports.list(request.auth!.account) }),
    );

    app.get(
      '/api/v1/license-summary/reports/:reportId',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'getLicenseSummaryReport',
          summary: 'One of your license summary reports, with its rows once ready',
          description: 'Another person’s report does not exist for you (404 license_summary.report_not_found).',
          params: Type.Object({ reportId: Type.String({ format: 'uuid' }) }),
          response: { 200: SummaryReport },
        },
      },
      async (request) => summaryReports.get(request.auth!.account, request.params.reportId),
    );

    app.get(
      '/api/v1/license-summary/reports/:reportId/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'exportLicenseSummaryReport',
          summary: 'One of your ready license summary reports as CSV',
          description:
            'Another person’s report does not exist for you (404 license_summary.report_not_found); one not ready yet, or failed, is 409 license_summary.report_not_ready.',
          params: Type.Object({ reportId: Type.String({ format: 'uuid' }) }),
          produces: ['text/csv'],
          response: { 200: CsvText },
        },
      },
      async (request, reply) =>
        sendCsv(reply, 'license-summary.csv', summaryReports.exportCsv(request.auth!.account, request.params.reportId)),
    );
  };
}
