// The tenant users page's API. Every route is `tenant-admin`: only a global administrator of `:tenantId` gets past
// http/auth.ts; everyone else gets 401 (signed out) or 404.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DisplayName, UserName } from '../sign-up/routes.js';
import { USERS_PAGE_DEFAULT, USERS_PAGE_MAX, type TenantUsersService } from './service.js';

const TenantParams = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });
const UserParams = Type.Object({ tenantId: Type.String({ format: 'uuid' }), userId: Type.String({ format: 'uuid' }) });

const TenantUser = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    signInName: Type.String(),
    displayName: Type.String(),
    isGlobalAdmin: Type.Boolean(),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'TenantUser' },
);

const TemporaryPassword = Type.String({
  description: 'shown once: give it to the user, who signs in with it; it is not stored in plain text',
});

// The answer holds a password: no cache may keep it.
const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function tenantUsersRoutes(deps: { tenantUsers: TenantUsersService }): FastifyPluginAsyncTypebox {
  const { tenantUsers } = deps;
  const actorOf = (request: { auth: { account: { id: string } } | null; ip: string }) => ({
    accountId: request.auth!.account.id,
    ip: request.ip,
  });

  return async (app) => {
    app.get(
      '/api/v1/tenants/:tenantId/users',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['tenant-users'],
          operationId: 'listTenantUsers',
          summary: 'The tenant’s work accounts, by sign-in name, a page at a time',
          params: TenantParams,
          querystring: Type.Object(
            {
              cursor: Type.Optional(
                Type.String({ pattern: '^[A-Za-z0-9_-]{1,1400}$', description: 'nextCursor of the previous page' }),
              ),
              query: Type.Optional(
                Type.String({ maxLength: 100, description: 'part of the sign-in name or display name' }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: USERS_PAGE_MAX, default: USERS_PAGE_DEFAULT })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              items: Type.Array(TenantUser),
              nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
            }),
          },
        },
      },
      async (request) =>
        tenantUsers.list(request.params.tenantId, {
          cursor: request.query.cursor,
          query: request.query.query,
          limit: request.query.limit ?? USERS_PAGE_DEFAULT,
        }),
    );

    app.post(
      '/api/v1/tenants/:tenantId/users',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['tenant-users'],
          operationId: 'createTenantUser',
          summary: 'Create a work account <userName>@<domain>; answers its temporary password once',
          description:
            'domain: the tenant’s initial domain or one of its verified domains (else 400 tenant_user.domain_not_verified). A taken sign-in name is 409 tenant_user.exists.',
          params: TenantParams,
          body: Type.Object(
            {
              userName: UserName,
              domain: Type.String({ minLength: 1, maxLength: 253 }),
              displayName: DisplayName,
              isGlobalAdmin: Type.Optional(Type.Boolean({ default: false })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ user: TenantUser, temporaryPassword: TemporaryPassword }) },
        },
      },
      async (request, reply) => {
        const created = await tenantUsers.create(actorOf(request), request.params.tenantId, request.body);
        return noStore(reply).status(201).send(created);
      },
    );

    app.post(
      '/api/v1/tenants/:tenantId/users/:userId/password-reset',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['tenant-users'],
          operationId: 'resetTenantUserPassword',
          summary: 'Give a user a new temporary password (answered once) and end their sessions',
          params: UserParams,
          response: { 200: Type.Object({ temporaryPassword: TemporaryPassword }) },
        },
      },
      async (request, reply) => {
        const reset = await tenantUsers.resetPassword(actorOf(request), request.params.tenantId, request.params.userId);
        return noStore(reply).send(reset);
      },
    );

    app.put(
      '/api/v1/tenants/:tenantId/users/:userId/global-admin',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['tenant-users'],
          operationId: 'setTenantUserGlobalAdmin',
          summary: 'Grant or remove the global administrator role',
          description:
            'A managed tenant keeps at least one global administrator: removing the last is 409 tenant_user.last_global_admin. The role gives no volume licensing access.',
          params: UserParams,
          body: Type.Object({ isGlobalAdmin: Type.Boolean() }, { additionalProperties: false }),
          response: { 200: TenantUser },
        },
      },
      async (request) =>
        tenantUsers.setGlobalAdmin(
          actorOf(request),
          request.params.tenantId,
          request.params.userId,
          request.body.isGlobalAdmin,
        ),
    );
  };
}
