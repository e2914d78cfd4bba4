// The composition root: every dependency is created outside and injected here, and every module is wired here.
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomToken, type Clock, type TokenGenerator } from './clock.js';
import type { Config } from './config.js';
import type { DbHandle } from './db/client.js';
import type { DnsResolver } from './dns.js';
import { createLogger } from './logger.js';
import { notFound } from './domain/errors.js';
import { isHttps, registerAuth } from './http/auth.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerMetrics } from './http/metrics.js';
import { registerProblemHandlers, sendProblem } from './http/problems.js';
import { registerValidation } from './http/validation.js';
import { createRateLimiter, registerRateLimits } from './http/rate-limit.js';
import type { MailTransport } from './mail/transport.js';
import { operatorAgreementRoutes } from './modules/agreements/operator-routes.js';
import { createPartnerAuthenticator } from './modules/agreements/partner-tokens.js';
import { partnerRoutes } from './modules/agreements/routes.js';
import { createAgreementsService } from './modules/agreements/service.js';
import { importRoutes } from './modules/import/routes.js';
import { createImportService } from './modules/import/service.js';
import { createDownloadLinkSigner } from './modules/catalog/download-links.js';
import { createLocalFileStore, type FileStore } from './modules/catalog/file-store.js';
import { createKeysService } from './modules/catalog/keys.js';
import { operatorCatalogRoutes } from './modules/catalog/operator-routes.js';
import { catalogRoutes } from './modules/catalog/routes.js';
import { createCatalogService } from './modules/catalog/service.js';
import { contractsRoutes } from './modules/contracts/routes.js';
import { createContractsService } from './modules/contracts/service.js';
import { createSummaryReportsService } from './modules/contracts/summary-reports.js';
import { notificationsRoutes } from './modules/notifications/routes.js';
import { createNotificationsService } from './modules/notifications/service.js';
import { devMailboxRoutes } from './modules/dev-mailbox/routes.js';
import { directoryRoutes } from './modules/directory/routes.js';
import { createDirectoryService } from './modules/directory/service.js';
import { createTakeoverService } from './modules/directory/takeover.js';
import { onboardingRoutes } from './modules/onboarding/routes.js';
import { createOnboardingService } from './modules/onboarding/service.js';
import { accessCheckRoutes } from './modules/access-check/routes.js';
import { createAuditLogService } from './modules/audit/log.js';
import { auditRoutes } from './modules/audit/routes.js';
import { createAccessCheckService } from './modules/access-check/service.js';
import { createEmailCodes } from './modules/email-codes/service.js';
import { operatorSupportRoutes } from './modules/support/operator-routes.js';
import { supportRoutes } from './modules/support/routes.js';
import { createSupportService } from './modules/support/service.js';
import { createVlAccessService } from './modules/vl-access/service.js';
import { vlUsersRoutes } from './modules/vl-users/routes.js';
import { createVlUsersService } from './modules/vl-users/service.js';
import { vlProfileRequestRoutes } from './modules/vl-profile-requests/routes.js';
import { createVlProfileRequestsService } from './modules/vl-profile-requests/service.js';
import { operatorRoutes } from './modules/operator/routes.js';
import { createOperatorService } from './modules/operator/service.js';
import { sessionRoutes } from './modules/session/routes.js';
import { createSessionService } from './modules/session/service.js';
import { signUpRoutes } from './modules/sign-up/routes.js';
import { createSignUpService } from './modules/sign-up/service.js';
import { tenantUsersRoutes } from './modules/tenant-users/routes.js';
import { createTenantUsersService } from './modules/tenant-users/service.js';
import { webDistDir } from './paths.js';

export type AppDeps = {
  config: Config;
  db: DbHandle;
  mailer: MailTransport;
  dns: DnsResolver;
  clock: Clock;
  newToken?: TokenGenerator;
  /** where download files' bytes live; defaults to DATA_DIR/files on the local disk */
  fileStore?: FileStore;
  /** defaults to the configured pino logger; tests pass a silent one */
  logger?: FastifyBaseLogger;
};

export const API_VERSION = '1.0.0';
// JSON bodies beyond this are refused with 413; uploads (later) get their own limit on their own route.
const BODY_LIMIT_BYTES = 256 * 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, clock } = deps;
  if (!config.secretKey) throw new Error('buildApp needs config.secretKey');
  const newToken = deps.newToken ?? randomToken;
  const requestIdPrefix = `${newToken(6)}-`;
  let requestCount = 0;

  const app = Fastify({
    loggerInstance: deps.logger ?? createLogger(config),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // Domain names (up to 253 characters) travel in paths: /tenants/:tenantId/domains/:domain (default limit 100).
    routerOptions: { maxParamLength: 256 },
    // Request ids in logs tie a user's problem report to the server's lines. A random prefix per process and a
    // counter: unique, and no call for random bytes on every request.
    genReqId: () => `${requestIdPrefix}${(requestCount++).toString(36)}`,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerProblemHandlers(app);
  registerValidation(app);
  await app.register(cookie);
  registerSecurityHeaders(app, {
    // Written out in full: helmet's defaults add upgrade-insecure-requests, which breaks plain-http trials.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Fluent UI (Griffel) inserts style elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(isHttps(config) ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: isHttps(config) ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Invitation links carry tokens in their path: never let them leak through Referer.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'vlcenter API',
        version: API_VERSION,
        description:
          'The public API of vlcenter, a self-hostable Volume Licensing Center. People authenticate with the session cookie (and send the x-csrf-token header on changes); partners with a bearer token.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          partnerToken: { type: 'http', scheme: 'bearer', description: 'a partner API token (vlp_…)' },
        },
      },
    },
    // Shared schemas (Problem) appear under their own names in components.schemas.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI's page has inline scripts: allow exactly those by hash, nothing else.
    transformStaticCSP: (header) => {
      const { script, style } = app.swaggerCSP;
      return header
        .replace("script-src 'self'", `script-src 'self' ${script.join(' ')}`)
        .replace("style-src 'self'", `style-src 'self' ${style.join(' ')}`);
    },
  });

  registerMetrics(app);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await db.ping();
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'database not reachable');
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  const sessions = createSessionService({ db: db.db, clock, secretKey: config.secretKey, newToken });
  const vlAccess = createVlAccessService({ db: db.db, clock, config });
  registerAuth(app, {
    config,
    sessions,
    partners: createPartnerAuthenticator({ db: db.db, clock }),
    licenseIds: vlAccess,
  });
  registerRateLimits(app, createRateLimiter(db.db, clock), config.rateLimitFactor);

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(sessionRoutes({ config, sessions }));
  const onboarding = createOnboardingService({ db: db.db, clock, config, newToken });
  const agreements = createAgreementsService({ db: db.db, clock, newToken, onboarding });
  await app.register(partnerRoutes({ db: db.db, clock, agreements }));
  await app.register(importRoutes({ importer: createImportService({ db: db.db, agreements }) }));
  await app.register(operatorAgreementRoutes({ agreements }));
  await app.register(onboardingRoutes({ onboarding }));
  await app.register(
    contractsRoutes({
      contracts: createContractsService({ db: db.db, clock, vlAccess }),
      summaryReports: createSummaryReportsService({ db: db.db, clock }),
    }),
  );
  await app.register(notificationsRoutes({ notifications: createNotificationsService({ db: db.db, clock }) }));
  const accessCheck = createAccessCheckService({ db: db.db, clock, config });
  await app.register(accessCheckRoutes({ accessCheck }));
  const support = createSupportService({
    db: db.db,
    clock,
    config,
    vlAccess,
    accessCheck,
    emailCodes: createEmailCodes({
      db: db.db,
      clock,
      secretKey: config.secretKey,
      limiter: createRateLimiter(db.db, clock),
    }),
  });
  await app.register(supportRoutes({ config, support }));
  await app.register(operatorSupportRoutes({ support }));
  const vlUsers = createVlUsersService({ db: db.db, clock, config, vlAccess, onboarding });
  await app.register(vlUsersRoutes({ vlUsers }));
  await app.register(
    vlProfileRequestRoutes({
      vlProfileRequests: createVlProfileRequestsService({ db: db.db, clock, config, onboarding }),
    }),
  );
  await app.register(auditRoutes({ auditLog: createAuditLogService({ db: db.db, vlAccess }) }));
  const catalog = createCatalogService({
    db: db.db,
    clock,
    config,
    files: deps.fileStore ?? createLocalFileStore(path.join(config.dataDir, 'files')),
    links: createDownloadLinkSigner(config.secretKey),
    vlAccess,
  });
  const keys = createKeysService({ db: db.db, clock, secretKey: config.secretKey, vlAccess });
  await app.register(catalogRoutes({ catalog, keys }));
  await app.register(operatorCatalogRoutes({ catalog, keys }));
  const directory = createDirectoryService({ db: db.db, dns: deps.dns, clock, newToken, config });
  const takeovers = createTakeoverService({ db: db.db, dns: deps.dns, clock, newToken, config, directory });
  await app.register(directoryRoutes({ config, directory, takeovers }));
  await app.register(operatorRoutes({ operator: createOperatorService({ db: db.db, clock }), takeovers }));
  const signUp = createSignUpService({
    db: db.db,
    clock,
    config,
    secretKey: config.secretKey,
    newToken,
    sessions,
    limiter: createRateLimiter(db.db, clock),
  });
  await app.register(signUpRoutes({ config, sessions, signUp }));
  await app.register(
    tenantUsersRoutes({ tenantUsers: createTenantUsersService({ db: db.db, clock, newToken, sessions }) }),
  );
  if (!config.smtpUrl) await app.register(devMailboxRoutes({ config, db: db.db }));

  await registerWebUi(app);
  return app;
}

/** Serves the built React app (dist/web) and sends index.html for client-side routes. */
async function registerWebUi(app: FastifyInstance): Promise<void> {
  const indexFile = path.join(webDistDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      wildcard: false,
      index: false,
      cacheControl: false,
      // Vite's hashed assets never change; everything else (index.html) must be revalidated after a deploy.
      setHeaders: (res, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage)
      return sendProblem(
        reply,
        request,
        notFound(
          'route.not_found',
          `There is no ${request.method} ${request.url.split('?')[0]}. See /api/docs for the API.`,
        ),
      );
    if (!built) {
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><title>vlcenter</title><p>The web UI is not built. Run <code>npm run build</code>, then reload.</p>',
        );
    }
    return reply.sendFile('index.html');
  });
}
