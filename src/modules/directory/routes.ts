// HTTP routes of the directory: a tenant's domains (tenant-admin), the public realm lookup, and takeover (signed in).
// Thin: schemas and access here, rules in service.ts and takeover.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { cloudOfRequest } from '../../http/auth.js';
import type { DirectoryService } from './service.js';
import type { TakeoverService } from './takeover.js';

// Path parameters are only bounded: a tenant id that is not the caller's is a 404 from the access check anyway.
const TenantId = Type.String({ minLength: 1, maxLength: 64 });
const DomainName = Type.String({ minLength: 1, maxLength: 253, description: 'a domain name such as contoso.com' });
const TakeoverMode = Type.Union([Type.Literal('internal'), Type.Literal('external')], {
  description:
    'internal: a member of the unmanaged directory becomes its administrator; external: a managed directory takes the domain and its users',
});
const Cloud = Type.Union([Type.Literal('public'), Type.Literal('gov-high'), Type.Literal('defense')]);
const DateTime = Type.String({ format: 'date-time' });

const TxtRecord = Type.Object(
  {
    name: Type.String({ description: 'where to publish it: the domain apex' }),
    value: Type.String({ description: 'the exact TXT value, vlcenter-verify=<token>' }),
  },
  { description: 'The DNS TXT record that proves the domain' },
);

const Domain = Type.Object(
  {
    name: Type.String(),
    state: Type.Union([Type.Literal('unverified'), Type.Literal('verified')]),
    verifiedAt: Type.Union([DateTime, Type.Null()]),
    createdAt: DateTime,
    txtRecord: Type.Union([TxtRecord, Type.Null()], { description: 'to publish while unverified; null once verified' }),
    accountCount: Type.Integer({ description: 'accounts of the tenant that sign in with @name; removal needs 0' }),
    takeoverRequired: Type.Boolean({
      description: 'an unmanaged directory uses this domain: prove it with POST /takeover (mode external), not verify',
    }),
  },
  { $id: 'Domain' },
);

const DomainList = Type.Object(
  {
    initialDomain: Type.String({ description: 'always verified, never removable; not in items' }),
    items: Type.Array(Domain),
  },
  { $id: 'DomainList' },
);

const DomainParams = Type.Object({ tenantId: TenantId, domain: DomainName });

const Realm = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('managed'),
      Type.Literal('unmanaged'),
      Type.Literal('personal'),
      Type.Literal('none'),
    ]),
    domain: Type.String(),
    tenantId: Type.Optional(Type.String({ format: 'uuid' })),
    tenantName: Type.Optional(Type.String()),
    cloud: Type.Optional(Cloud),
  },
  { $id: 'Realm' },
);

const TakeoverBody = Type.Object({ domain: DomainName, mode: TakeoverMode }, { additionalProperties: false });

const TakeoverChallenge = Type.Object(
  {
    domain: Type.String(),
    mode: TakeoverMode,
    txtRecord: TxtRecord,
    tenant: Type.Object(
      { id: Type.String({ format: 'uuid' }), displayName: Type.String() },
      { description: 'the unmanaged directory to take over' },
    ),
  },
  { $id: 'TakeoverChallenge' },
);

const TakeoverResult = Type.Object(
  {
    takeoverId: Type.String({ format: 'uuid' }),
    mode: TakeoverMode,
    domain: Type.String(),
    tenant: Type.Object(
      { id: Type.String({ format: 'uuid' }), displayName: Type.String(), state: Type.Literal('managed') },
      { description: 'the directory that now holds the verified domain' },
    ),
    movedAccountCount: Type.Integer(),
  },
  { $id: 'TakeoverResult' },
);

// DNS lookups on demand: bounded per client so that nobody uses the server to hammer DNS.
const DNS_RATE_LIMIT = { max: 30, windowSeconds: 60 };

const actorOf = (request: FastifyRequest) => ({ accountId: request.auth!.account.id, ip: request.ip });

export function directoryRoutes(deps: {
  config: Config;
  directory: DirectoryService;
  takeovers: TakeoverService;
}): FastifyPluginAsyncTypebox {
  const { config, directory, takeovers } = deps;
  return async (app) => {
    app.get(
      '/api/v1/tenants/:tenantId/domains',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['directory'],
          operationId: 'listDomains',
          summary: "The tenant's domains, with the TXT record to publish for each unverified one",
          params: Type.Object({ tenantId: TenantId }),
          response: { 200: DomainList },
        },
      },
      async (request) => directory.listDomains(request.params.tenantId),
    );

    app.post(
      '/api/v1/tenants/:tenantId/domains',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['directory'],
          operationId: 'addDomain',
          summary: 'Add a domain (unverified); the answer holds the TXT record that proves it',
          params: Type.Object({ tenantId: TenantId }),
          body: Type.Object({ name: DomainName }, { additionalProperties: false }),
          response: { 201: Domain },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await directory.addDomain(actorOf(request), request.params.tenantId, request.body.name)),
    );

    app.post(
      '/api/v1/tenants/:tenantId/domains/:domain/verify',
      {
        config: { access: 'tenant-admin', rateLimit: DNS_RATE_LIMIT },
        schema: {
          tags: ['directory'],
          operationId: 'verifyDomain',
          summary: 'Look up the TXT record in DNS now; verified when vlcenter-verify=<token> is published',
          params: DomainParams,
          response: { 200: Domain },
        },
      },
      async (request) => directory.verifyDomain(actorOf(request), request.params.tenantId, request.params.domain),
    );

    app.delete(
      '/api/v1/tenants/:tenantId/domains/:domain',
      {
        config: { access: 'tenant-admin' },
        schema: {
          tags: ['directory'],
          operationId: 'removeDomain',
          summary: 'Remove a domain no account of the tenant signs in with',
          params: DomainParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await directory.removeDomain(actorOf(request), request.params.tenantId, request.params.domain);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/realm',
      {
        // Public: the sign-in page asks it before anyone is signed in. It answers from the address's domain only,
        // never from whether that mailbox has an account, and it is rate-limited per client.
        config: { access: 'public', rateLimit: { max: 60, windowSeconds: 60 } },
        schema: {
          tags: ['directory'],
          operationId: 'lookupRealm',
          summary: 'What kind of directory an e-mail address belongs to: managed, unmanaged, personal or none',
          querystring: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }),
          response: { 200: Realm },
        },
      },
      async (request) => directory.lookupRealm(request.query.email, cloudOfRequest(config, request)),
    );

    app.post(
      '/api/v1/takeover/challenge',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['directory'],
          operationId: 'takeoverChallenge',
          summary:
            'The TXT record to publish to take over the unmanaged directory using a domain (external: also adds the domain, unverified, to your directory)',
          body: TakeoverBody,
          response: { 200: TakeoverChallenge },
        },
      },
      async (request) => takeovers.challenge(actorOf(request), request.body.domain, request.body.mode),
    );

    app.post(
      '/api/v1/takeover',
      {
        config: { access: 'signed-in', rateLimit: DNS_RATE_LIMIT },
        schema: {
          tags: ['directory'],
          operationId: 'takeOver',
          summary: 'Prove the domain by DNS and take over the unmanaged directory using it (internal or external)',
          body: TakeoverBody,
          response: { 200: TakeoverResult },
        },
      },
      async (request) => takeovers.takeOver(actorOf(request), request.body.domain, request.body.mode),
    );
  };
}
