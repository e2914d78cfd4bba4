// HTTP routes of the operator console's directory pages: tenants (list, detail) and undoing a takeover.
// Operator access: everyone else gets a 404, as if these routes did not exist.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TakeoverService } from '../directory/takeover.js';
import type { OperatorService } from './service.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const DateTime = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });
const TenantState = Type.Union([Type.Literal('managed'), Type.Literal('unmanaged')]);
const TakeoverMode = Type.Union([Type.Literal('internal'), Type.Literal('external')]);
const TenantRef = Type.Object({ id: Uuid, displayName: Type.String() });

const tenantFields = {
  id: Uuid,
  displayName: Type.String(),
  cloud: Type.Union([Type.Literal('public'), Type.Literal('gov-high'), Type.Literal('defense')]),
  state: TenantState,
  initialDomain: Type.String(),
  createdAt: DateTime,
  domainCount: Type.Integer(),
  accountCount: Type.Integer(),
};

const TenantPage = Type.Object(
  {
    items: Type.Array(Type.Object(tenantFields)),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as cursor for the next page' }),
  },
  { $id: 'OperatorTenantPage' },
);

const TenantDetail = Type.Object(
  {
    ...tenantFields,
    globalAdminCount: Type.Integer(),
    domains: Type.Array(
      Type.Object({
        name: Type.String(),
        state: Type.Union([Type.Literal('unverified'), Type.Literal('verified')]),
        verifiedAt: Type.Union([DateTime, Type.Null()]),
        createdAt: DateTime,
      }),
    ),
    takeovers: Type.Array(
      Type.Object({
        id: Uuid,
        mode: TakeoverMode,
        domain: Type.String(),
        sourceTenant: TenantRef,
        targetTenant: TenantRef,
        actor: Type.Object({ id: Uuid, signInName: Type.String() }),
        movedAccountCount: Type.Integer(),
        createdAt: DateTime,
        undoneAt: Type.Union([DateTime, Type.Null()]),
        undoableUntil: DateTime,
        canUndo: Type.Boolean(),
      }),
      { description: 'takeovers this tenant took part in, newest first (at most 50)' },
    ),
  },
  { $id: 'OperatorTenantDetail' },
);

const UndoResult = Type.Object(
  {
    takeoverId: Uuid,
    mode: TakeoverMode,
    undoneAt: DateTime,
    restoredAccountCount: Type.Integer({
      description: 'external: accounts moved back; internal: accounts that lost the global administrator role',
    }),
  },
  { $id: 'TakeoverUndoResult' },
);

export function operatorRoutes(deps: {
  operator: OperatorService;
  takeovers: TakeoverService;
}): FastifyPluginAsyncTypebox {
  const { operator, takeovers } = deps;
  return async (app) => {
    app.get(
      '/api/v1/operator/tenants',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'operatorListTenants',
          summary: 'Tenants by name; filter by name or domain (query) and state; cursor pagination',
          querystring: Type.Object({
            query: Type.Optional(Type.String({ maxLength: 100, description: 'part of a name or domain' })),
            state: Type.Optional(TenantState),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
          }),
          response: { 200: TenantPage },
        },
      },
      async (request) => operator.listTenants({ ...request.query, limit: request.query.limit ?? 25 }),
    );

    app.get(
      '/api/v1/operator/tenants/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'operatorGetTenant',
          summary: 'One tenant: state, domains, account counts and takeovers (with whether each can still be undone)',
          params: Type.Object({ id: Id }),
          response: { 200: TenantDetail },
        },
      },
      async (request) => operator.getTenant(request.params.id),
    );

    app.post(
      '/api/v1/operator/takeovers/:id/undo',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'operatorUndoTakeover',
          summary: 'Undo a takeover within 10 days: put tenants, domain, accounts and roles back as they were',
          params: Type.Object({ id: Id }),
          response: { 200: UndoResult },
        },
      },
      async (request) => takeovers.undo({ accountId: request.auth!.account.id, ip: request.ip }, request.params.id),
    );
  };
}
