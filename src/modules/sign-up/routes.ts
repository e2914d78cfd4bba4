// Public onboarding forms: sign-up (personal, or work with an e-mailed code) and a new managed tenant. All are
// rate-limited per client IP; the code e-mail is also limited per address (in the service).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { badRequest } from '../../domain/errors.js';
import { cloudOfRequest, sessionCookieName } from '../../http/auth.js';
import type { RateLimitRule } from '../../http/rate-limit.js';
import { Me, meOf, setSessionCookie } from '../session/routes.js';
import type { SessionService } from '../session/service.js';
import type { SignUpService } from './service.js';

/** Per client IP. Generous enough for an office behind one address, tight enough to make scripting costly. */
export const SIGN_UP_CODE_RATE_LIMIT: RateLimitRule = { max: 20, windowSeconds: 600 };
export const SIGN_UP_RATE_LIMIT: RateLimitRule = { max: 20, windowSeconds: 600 };
/** Creating organizations is rare: a handful per address and hour. */
export const NEW_TENANT_RATE_LIMIT: RateLimitRule = { max: 5, windowSeconds: 3600 };

const Email = Type.String({ minLength: 1, maxLength: 254, description: 'an e-mail address' });
// Checked against the password rules by the service (400 password.too_weak), so the page can say which one failed.
const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'at least 12 characters' });
/** A name people read: no control characters (the service also refuses one that is only spaces). */
export const DisplayName = Type.String({ minLength: 1, maxLength: 256, pattern: '^[^\\u0000-\\u001F\\u007F]+$' });
/** The local part of a sign-in ID the admin chooses: lower-case letters and digits, single . _ - between them. */
export const UserName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+([._-][a-z0-9]+)*$' });

const SignUpCodeBody = Type.Object({ email: Email }, { additionalProperties: false });
const SignUpCodeSent = Type.Object({
  sentTo: Type.String({ description: 'the normalized address the code went to' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

const SignUpBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('personal'), Type.Literal('work')]),
    email: Email,
    password: Password,
    displayName: DisplayName,
    code: Type.Optional(
      Type.String({ pattern: '^[0-9]{6,8}$', description: 'work only: the code e-mailed by POST /auth/sign-up/code' }),
    ),
  },
  { additionalProperties: false },
);

const NewTenantBody = Type.Object(
  {
    organizationName: DisplayName,
    initialName: Type.String({
      minLength: 3,
      maxLength: 27,
      pattern: '^[a-z0-9]{3,27}$',
      description: 'the tenant becomes <initialName>.<initial domain suffix>',
    }),
    adminUserName: UserName,
    adminDisplayName: DisplayName,
    password: Password,
  },
  { additionalProperties: false },
);

const NewTenant = Type.Object({
  signInName: Type.String({ description: 'the new administrator’s sign-in ID: show it prominently' }),
  tenant: Type.Object({
    id: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    initialDomain: Type.String(),
    state: Type.Literal('managed'),
  }),
  me: Me,
});

export function signUpRoutes(deps: {
  config: Config;
  sessions: SessionService;
  signUp: SignUpService;
}): FastifyPluginAsyncTypebox {
  const { config, sessions, signUp } = deps;
  const cookieName = sessionCookieName(config);

  return async (app) => {
    app.post(
      '/api/v1/auth/sign-up/code',
      {
        config: { access: 'public', rateLimit: SIGN_UP_CODE_RATE_LIMIT },
        schema: {
          tags: ['sign-up'],
          operationId: 'requestSignUpCode',
          summary: 'E-mail a one-time code that proves a work address (step 1 of a work sign-up)',
          description:
            'Refused before anything is sent: a consumer address (400 sign_up.consumer_domain), an address at the initial-domain suffix (400 sign_up.reserved_domain), a domain a managed tenant has verified (409 sign_up.domain_managed). A new request replaces the previous code.',
          body: SignUpCodeBody,
          response: { 202: SignUpCodeSent },
        },
      },
      async (request, reply) => {
        const sent = await signUp.requestWorkCode(request.body.email);
        return reply.status(202).send({ sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() });
      },
    );

    app.post(
      '/api/v1/auth/sign-up',
      {
        config: { access: 'public', rateLimit: SIGN_UP_RATE_LIMIT },
        schema: {
          tags: ['sign-up'],
          operationId: 'signUp',
          summary: 'Create a personal account, or a work account with the e-mailed code; signs in',
          description:
            'personal: any address, no tenant. work: creates or joins the unmanaged tenant of the address’s domain. Errors: password.too_weak, sign_up.exists, sign_up.code_invalid (with attemptsLeft), sign_up.code_expired, sign_up.consumer_domain, sign_up.reserved_domain, sign_up.domain_managed.',
          body: SignUpBody,
          response: { 201: Me },
        },
      },
      async (request, reply) => {
        const { kind, code, ...input } = request.body;
        const context = {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
          cloud: cloudOfRequest(config, request),
        };
        const previous = request.cookies[cookieName];
        if (kind === 'work' && code === undefined) {
          throw badRequest('request.invalid', 'Enter the code we e-mailed you.', [
            { name: 'body.code', message: 'is required for a work account', rule: 'required' },
          ]);
        }
        if (kind === 'personal' && code !== undefined) {
          throw badRequest('request.invalid', 'A personal account needs no code.', [
            { name: 'body.code', message: 'is only for a work account', rule: 'not_for_personal' },
          ]);
        }
        const { sessionId, auth } =
          code === undefined
            ? await signUp.signUpPersonal(input, context, previous)
            : await signUp.signUpWork({ ...input, code }, context, previous);
        setSessionCookie(config, reply, sessionId);
        return reply.status(201).send(await meOf(sessions, auth));
      },
    );

    app.post(
      '/api/v1/tenants',
      {
        config: { access: 'public', rateLimit: NEW_TENANT_RATE_LIMIT },
        schema: {
          tags: ['sign-up'],
          operationId: 'createTenant',
          summary: 'Create a managed tenant with only its initial domain; the creator becomes its global administrator',
          description:
            'Signs the new administrator in. Errors: tenant.initial_name_taken, password.too_weak. Show `signInName` prominently: it is how the administrator signs in from now on.',
          body: NewTenantBody,
          response: { 201: NewTenant },
        },
      },
      async (request, reply) => {
        const created = await signUp.createManagedTenant(
          request.body,
          { ip: request.ip, userAgent: request.headers['user-agent'], cloud: cloudOfRequest(config, request) },
          request.cookies[cookieName],
        );
        setSessionCookie(config, reply, created.sessionId);
        return reply.status(201).send({
          signInName: created.signInName,
          tenant: {
            id: created.tenantId,
            displayName: created.auth.account.tenant!.displayName,
            initialDomain: created.initialDomain,
            state: 'managed' as const,
          },
          me: await meOf(sessions, created.auth),
        });
      },
    );
  };
}
