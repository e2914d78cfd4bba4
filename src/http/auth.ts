// Who is calling, and may they call this route? Every /api route declares its access in `config.access`;
// registering one without it fails at start-up, and a test lists every route to prove it.
// Unsafe methods also pass a CSRF check: same Origin, plus the session's CSRF token for cookie sessions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { CLOUDS, type Cloud } from '../domain/clouds.js';
import { AppError, notFound, unauthorized } from '../domain/errors.js';
import type { VlCapability } from '../domain/vl-roles.js';
import type { Auth, SessionService, SignedInAccount } from '../modules/session/service.js';
import type { LicenseIdGrant } from '../modules/vl-access/service.js';

/**
 * public: anyone; signed-in: any account with a session; operator: publisher staff;
 * tenant-admin: a global administrator of the tenant named by the route's `:tenantId` parameter;
 * partner: a partner's API token (`Authorization: Bearer vlp_…`, no CSRF token: nothing ambient), or a signed-in
 * partner-console account (accounts.partner_id); sets `request.partner`.
 */
export type RouteAccess = 'public' | 'signed-in' | 'operator' | 'tenant-admin' | 'partner';

/** The partner a `partner` route acts for, and how it proved it. */
export type PartnerCaller = { id: string; tokenId: string | null; accountId: string | null };

/** How partner credentials are checked (agreements module); injected so this file stays free of queries. */
export type PartnerAuthenticator = {
  /** The partner of a live (not revoked) API token, or null. */
  byToken(token: string): Promise<{ partnerId: string; tokenId: string } | null>;
  /** The partner a partner-console account works for, or null. */
  byAccount(accountId: string): Promise<string | null>;
};

/** How a License ID route's capability is checked (vl-access module); injected so this file stays free of queries. */
export type LicenseIdGuard = {
  /** The caller's grant on License ID `number` when it carries `capability`; otherwise throws the 404. */
  requireCapability(account: SignedInAccount, number: string, capability: VlCapability): Promise<LicenseIdGrant>;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * On `signed-in` routes with a `:licenseIdNumber` parameter: the VL capability (SPEC §4 matrix) the caller must
     * hold on that License ID. Without it the License ID does not exist for them (404). Sets `request.licenseIdGrant`.
     */
    licenseIdCapability?: VlCapability;
  }
  interface FastifyRequest {
    auth: Auth | null;
    /** set on `partner` routes only */
    partner: PartnerCaller | null;
    /** set on routes that declare `licenseIdCapability` */
    licenseIdGrant: LicenseIdGrant | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access: what the authorization test walks. */
    routeTable: RouteEntry[];
  }
}

export type RouteEntry = {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  licenseIdCapability: VlCapability | undefined;
};

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

export function registerAuth(
  app: FastifyInstance,
  deps: { config: Config; sessions: SessionService; partners?: PartnerAuthenticator; licenseIds?: LicenseIdGuard },
): void {
  const { config, sessions, partners, licenseIds } = deps;
  const cookieName = sessionCookieName(config);
  const allowedOrigins = new Set(Object.values(config.baseUrls));

  app.decorateRequest('auth', null);
  app.decorateRequest('partner', null);
  app.decorateRequest('licenseIdGrant', null);

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeTable.push({
        method,
        url: route.url,
        access: route.config?.access,
        licenseIdCapability: route.config?.licenseIdCapability,
      });
    if (route.url.startsWith('/api/v1/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
    }
    if (route.config?.access === 'tenant-admin' && !route.url.includes(':tenantId')) {
      throw new Error(`route ${String(route.method)} ${route.url} is tenant-admin but has no :tenantId parameter`);
    }
    if (
      route.config?.licenseIdCapability !== undefined &&
      (route.config.access !== 'signed-in' || !route.url.includes(':licenseIdNumber'))
    ) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares a capability but is not a signed-in route of a :licenseIdNumber`,
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    const sessionId = request.cookies[cookieName];
    if (sessionId) request.auth = await sessions.authenticate(sessionId);
  });

  // Before validation: a caller who may not use a route learns nothing from it, not even which input it wants
  // (signed out → 401, another tenant's admin → 404, whatever the body or path parameters).
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    if (UNSAFE_METHODS.has(request.method)) checkOrigin(request);
    if (access === 'public') return;
    if (access === 'partner' && bearerToken(request) !== undefined) return authenticatePartnerToken(request);
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
    if (access === 'partner') {
      // The partner console: a signed-in account of a partner's staff. Anyone else: the route does not exist.
      const partnerId = partners ? await partners.byAccount(request.auth.account.id) : null;
      if (!partnerId) throw notFound();
      request.partner = { id: partnerId, tokenId: null, accountId: request.auth.account.id };
    }
    const capability = request.routeOptions.config.licenseIdCapability;
    if (capability !== undefined) {
      const { licenseIdNumber } = request.params as { licenseIdNumber: string };
      if (!licenseIds) throw new Error('a route declares licenseIdCapability but no License ID guard is registered');
      request.licenseIdGrant = await licenseIds.requireCapability(request.auth.account, licenseIdNumber, capability);
    }
  });

  async function authenticatePartnerToken(request: FastifyRequest): Promise<void> {
    const found = partners ? await partners.byToken(bearerToken(request)!) : null;
    if (!found) {
      throw new AppError(
        401,
        'auth.token_invalid',
        'The API token is unknown or was revoked. Ask the publisher’s operators for a new partner token.',
      );
    }
    request.partner = { id: found.partnerId, tokenId: found.tokenId, accountId: null };
  }

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

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}
