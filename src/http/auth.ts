// Who is calling, and may they call this route? Every /api route declares its access in `config.access`;
// registering one without it fails at start-up, and a test lists every route to prove it.
// Unsafe methods also pass a CSRF check: same Origin, plus the session's CSRF token for cookie sessions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { CLOUDS, type Cloud } from '../domain/clouds.js';
import { AppError, notFound, unauthorized } from '../domain/errors.js';
import type { Auth, SessionService } from '../modules/session/service.js';

/**
 * public: anyone; signed-in: any account with a session; operator: publisher staff;
 * tenant-admin: a global administrator of the tenant named by the route's `:tenantId` parameter.
 */
export type RouteAccess = 'public' | 'signed-in' | 'operator' | 'tenant-admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: Auth | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access: what the authorization test walks. */
    routeTable: RouteEntry[];
  }
}

export type RouteEntry = { method: string; url: string; access: RouteAccess | undefined };

export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(config: Config): string {
  // __Host- cookies are only accepted over https, bound to the host, path / and no Domain.
  return isHttps(config) ? '__Host-vlc_session' : 'vlc_session';
}

export const isHttps = (config: Config) => Object.values(config.baseUrls).some((u) => u.startsWith('https:'));

/**
 * The cloud whose base URL the request came to. Clouds that share the public base URL (the default for a trial)
 * are not told apart: such a request belongs to `public`.
 */
export function cloudOfRequest(config: Config, request: FastifyRequest): Cloud {
  const host = request.headers.host?.toLowerCase();
  const publicHost = new URL(config.baseUrls.public).host;
  for (const cloud of CLOUDS) {
    const cloudHost = new URL(config.baseUrls[cloud]).host;
    if (cloud !== 'public' && cloudHost !== publicHost && cloudHost === host) return cloud;
  }
  return 'public';
}

export function registerAuth(app: FastifyInstance, deps: { config: Config; sessions: SessionService }): void {
  const { config, sessions } = deps;
  const cookieName = sessionCookieName(config);
  const allowedOrigins = new Set(Object.values(config.baseUrls));

  app.decorateRequest('auth', null);

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, access: route.config?.access });
    if (route.url.startsWith('/api/v1/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    if (route.config?.access === 'tenant-admin' && !route.url.includes(':tenantId')) {
      throw new Error(`route ${String(route.method)} ${route.url} is tenant-admin but has no :tenantId parameter`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const sessionId = request.cookies[cookieName];
    if (sessionId) request.auth = await sessions.authenticate(sessionId);
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    if (UNSAFE_METHODS.has(request.method)) checkOrigin(request);
    if (access === 'public') return;
    if (UNSAFE_METHODS.has(request.method)) checkCsrfToken(request);
    if (!request.auth) throw unauthorized();
    // Operator pages answer 404 to everyone else: their existence is none of a customer's business.
    if (access === 'operator' && !request.auth.account.isOperator) throw notFound();
    if (access === 'tenant-admin') {
      const { tenantId } = request.params as { tenantId?: string };
      const { account } = request.auth;
      // Another tenant's resources do not exist for this caller.
      if (!account.isGlobalAdmin || account.tenantId === null || account.tenantId !== tenantId) throw notFound();
    }
  });

  // Browsers send Origin on every cross-site unsafe request; a request without one is not from a browser page.
  function checkOrigin(request: FastifyRequest): void {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const ownOrigin = `${request.protocol}://${request.headers.host ?? ''}`;
    if (origin !== ownOrigin && !allowedOrigins.has(origin)) {
      throw new AppError(403, 'csrf.origin_mismatch', 'This request came from another site and was refused.');
    }
  }

  // Only routes that act with the session's authority need the token: public routes anyone may call anyway.
  function checkCsrfToken(request: FastifyRequest): void {
    if (request.auth && !sessions.checkCsrfToken(request.auth, headerValue(request.headers[CSRF_HEADER]))) {
      throw new AppError(
        403,
        'csrf.token_invalid',
        `The request lacks a valid ${CSRF_HEADER} header. Reload the page and try again.`,
      );
    }
  }
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
