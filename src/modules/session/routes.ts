import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Config } from '../../config.js';
import { cloudOfRequest, isHttps, sessionCookieName } from '../../http/auth.js';
import { SESSION_ABSOLUTE_MS, type Auth, type SessionService } from './service.js';

const Account = Type.Object({
  id: Type.String({ format: 'uuid' }),
  signInName: Type.String(),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('work'), Type.Literal('personal')]),
  cloud: Type.Union([Type.Literal('public'), Type.Literal('gov-high'), Type.Literal('defense')]),
  isGlobalAdmin: Type.Boolean(),
  isOperator: Type.Boolean(),
  tenant: Type.Union([
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      displayName: Type.String(),
      state: Type.Union([Type.Literal('managed'), Type.Literal('unmanaged')]),
    }),
    Type.Null(),
  ]),
});

const Locale = Type.Union([Type.Literal('en'), Type.Literal('nl'), Type.Null()]);
// Navigation item ids: short, simple, bounded in number.
const NavItemId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' });

const Preferences = Type.Object({
  navPins: Type.Array(NavItemId, { maxItems: 50 }),
  navShowAll: Type.Boolean(),
  locale: Locale,
});

export const Me = Type.Object({ account: Account, csrfToken: Type.String(), preferences: Preferences }, { $id: 'Me' });

/** Sets the session cookie of a session just started (sign-in, sign-up). */
export function setSessionCookie(config: Config, reply: FastifyReply, sessionId: string): void {
  void reply.setCookie(sessionCookieName(config), sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(config),
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

/** The Me body for a signed-in account. */
export async function meOf(sessions: SessionService, auth: Auth): Promise<Static<typeof Me>> {
  return {
    account: auth.account,
    csrfToken: auth.csrfToken,
    preferences: await sessions.getPreferences(auth.account.id),
  };
}

export function sessionRoutes(deps: { config: Config; sessions: SessionService }): FastifyPluginAsyncTypebox {
  const { config, sessions } = deps;
  const cookieName = sessionCookieName(config);

  return async (app) => {
    app.post(
      '/api/v1/auth/sign-in',
      {
        config: { access: 'public', rateLimit: { max: 30, windowSeconds: 300 } },
        schema: {
          tags: ['session'],
          operationId: 'signIn',
          summary: 'Sign in with a sign-in name and password; sets the session cookie',
          body: Type.Object(
            {
              login: Type.String({ minLength: 1, maxLength: 320 }),
              password: Type.String({ minLength: 1, maxLength: 1024 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Me },
        },
      },
      async (request, reply) => {
        const { sessionId, auth } = await sessions.signIn(
          request.body.login,
          request.body.password,
          { ip: request.ip, userAgent: request.headers['user-agent'], cloud: cloudOfRequest(config, request) },
          request.cookies[cookieName],
        );
        setSessionCookie(config, reply, sessionId);
        return meOf(sessions, auth);
      },
    );

    app.post(
      '/api/v1/auth/sign-out',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['session'],
          operationId: 'signOut',
          summary: 'End the current session',
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await sessions.signOut(request.auth!, request.ip);
        void reply.clearCookie(cookieName, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/me',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['session'],
          operationId: 'getMe',
          summary: 'The signed-in account and its preferences',
          response: { 200: Me },
        },
      },
      async (request) => {
        const auth = request.auth!;
        return {
          account: auth.account,
          csrfToken: auth.csrfToken,
          preferences: await sessions.getPreferences(auth.account.id),
        };
      },
    );

    app.put(
      '/api/v1/me/preferences',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['session'],
          operationId: 'updatePreferences',
          summary: 'Change navigation pins, the Show all toggle or the language',
          body: Type.Partial(Preferences, { additionalProperties: false }),
          response: { 200: Preferences },
        },
      },
      async (request) => sessions.updatePreferences(request.auth!.account.id, request.body),
    );
  };
}
