// A VL user's downloads and product keys on one License ID (capabilities `software.download` and `keys.view`), the
// keys export across License IDs, and the public download-by-signed-link route.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.js';
import { sendProblem } from '../../http/problems.js';
import { AgreementNumber, Uuid } from '../agreements/schemas.js';
import { MAX_EXPORT_LICENSE_IDS, type KeysService } from './keys.js';
import { DownloadLink, DownloadsPage, DownloadsQuery, ProductKeysPage, RevealedKey } from './schemas.js';
import type { CatalogService } from './service.js';

const LicenseIdParams = Type.Object({ licenseIdNumber: AgreementNumber });
const KeyIdList = Type.String({
  pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$',
  maxLength: 37 * 10_000,
  description: 'comma-separated key ids: export only these',
});
const Tsv = Type.String({ description: 'tab-delimited text, header row first (SPEC §7 columns)' });

const splitList = (value: string | undefined) => (value === undefined ? undefined : [...new Set(value.split(','))]);

const tsvFileName = (what: string) => `product-keys-${what}.tsv`;

/**
 * Streams a tab-delimited export. The first chunk is produced before anything is sent (the producer checks the
 * selection and writes the audit entries first), so a refusal is still a problem+json answer.
 */
async function sendTsv(reply: FastifyReply, fileName: string, chunks: AsyncGenerator<string>) {
  const first = await chunks.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  return reply
    .type('text/tab-separated-values; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(Readable.from(all()));
}

export function catalogRoutes(deps: { catalog: CatalogService; keys: KeysService }): FastifyPluginAsyncTypebox {
  const { catalog, keys } = deps;
  return async (app) => {
    const tags = ['products'];

    app.get(
      '/api/v1/license-ids/:licenseIdNumber/downloads',
      {
        config: { access: 'signed-in', licenseIdCapability: 'software.download' },
        schema: {
          tags,
          operationId: 'listDownloads',
          summary:
            "The products this License ID may download (by its program's catalog visibility), with their files; filter by language and OS",
          params: LicenseIdParams,
          querystring: DownloadsQuery,
          response: { 200: DownloadsPage },
        },
      },
      async (request) => catalog.listDownloads(request.licenseIdGrant!, request.query),
    );

    app.post(
      '/api/v1/license-ids/:licenseIdNumber/downloads/:fileId/link',
      {
        config: { access: 'signed-in', licenseIdCapability: 'software.download' },
        schema: {
          tags,
          operationId: 'createDownloadLink',
          summary: 'A signed link to one file, valid for a few minutes, bound to you and the file (audited)',
          params: Type.Object({ licenseIdNumber: AgreementNumber, fileId: Uuid }),
          response: { 201: DownloadLink },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await catalog.issueLink(request.auth!.account, request.licenseIdGrant!, request.params.fileId, request.ip),
          ),
    );

    app.get(
      '/api/v1/downloads/:token',
      {
        config: { access: 'public', rateLimit: { max: 600, windowSeconds: 60 } },
        schema: {
          tags,
          operationId: 'download',
          summary:
            'Download a file through a signed link (no session needed; HTTP Range supported). Expired or altered links: 403.',
          params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 256 }) }),
          response: {
            200: { description: 'the file', content: { 'application/octet-stream': { schema: Type.String() } } },
            206: {
              description: 'one range of the file',
              content: { 'application/octet-stream': { schema: Type.String() } },
            },
          },
        },
      },
      async (request, reply) => {
        try {
          const served = await catalog.serveDownload(request.params.token, {
            range: request.headers.range,
            ip: request.ip,
            head: request.method === 'HEAD',
          });
          void reply.status(served.status).headers(served.headers);
          // A stream is sent as is (the response schema describes it for the OpenAPI document only).
          return reply.send(served.body as unknown as string);
        } catch (error) {
          if (error instanceof AppError && error.status === 416) {
            const { contentRange, ...extra } = error.extra;
            void reply.header('content-range', String(contentRange));
            return sendProblem(reply, request, new AppError(416, error.code, error.message, extra));
          }
          throw error;
        }
      },
    );

    app.get(
      '/api/v1/license-ids/:licenseIdNumber/keys',
      {
        config: { access: 'signed-in', licenseIdCapability: 'keys.view' },
        schema: {
          tags,
          operationId: 'listProductKeys',
          summary: 'Product keys of this License ID per product, masked (reveal one with POST …/reveal)',
          params: LicenseIdParams,
          querystring: Type.Object(
            {
              cursor: Type.Optional(Type.String({ maxLength: 400 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ProductKeysPage },
        },
      },
      async (request) => keys.listKeys(request.licenseIdGrant!, request.query),
    );

    app.post(
      '/api/v1/license-ids/:licenseIdNumber/keys/:keyId/reveal',
      {
        config: { access: 'signed-in', licenseIdCapability: 'keys.view' },
        schema: {
          tags,
          operationId: 'revealProductKey',
          summary: 'One product key in plain text, to show or copy (audited)',
          params: Type.Object({ licenseIdNumber: AgreementNumber, keyId: Uuid }),
          querystring: Type.Object(
            {
              purpose: Type.Optional(
                Type.Enum(['show', 'copy'], { default: 'show', description: 'recorded in the audit entry' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: RevealedKey },
        },
      },
      async (request) =>
        keys.revealKey(
          request.auth!.account,
          request.licenseIdGrant!,
          request.params.keyId,
          request.query.purpose ?? 'show',
          request.ip,
        ),
    );

    app.get(
      '/api/v1/license-ids/:licenseIdNumber/keys/export',
      {
        config: { access: 'signed-in', licenseIdCapability: 'keys.view' },
        schema: {
          tags,
          operationId: 'exportProductKeys',
          summary: 'This License ID’s product keys, selected or all, as tab-delimited text (audited)',
          params: LicenseIdParams,
          querystring: Type.Object({ keyIds: Type.Optional(KeyIdList) }, { additionalProperties: false }),
          response: { 200: { description: 'the keys', content: { 'text/tab-separated-values': { schema: Tsv } } } },
        },
      },
      async (request, reply) => {
        const grant = request.licenseIdGrant!;
        return sendTsv(
          reply,
          tsvFileName(grant.number),
          keys.exportKeys(
            request.auth!.account,
            keys.keysOfLicenseId(grant),
            splitList(request.query.keyIds),
            request.ip,
          ),
        );
      },
    );

    app.get(
      '/api/v1/keys/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'exportProductKeysAcrossLicenseIds',
          summary:
            'Product keys of several License IDs (default: every one you may view keys on) as tab-delimited text (audited)',
          querystring: Type.Object(
            {
              licenseIdNumbers: Type.Optional(
                Type.String({
                  pattern: '^[A-Z0-9][A-Z0-9-]{2,31}(,[A-Z0-9][A-Z0-9-]{2,31})*$',
                  maxLength: 33 * MAX_EXPORT_LICENSE_IDS,
                  description: `comma-separated License ID numbers (at most ${MAX_EXPORT_LICENSE_IDS})`,
                }),
              ),
              keyIds: Type.Optional(KeyIdList),
            },
            { additionalProperties: false },
          ),
          response: { 200: { description: 'the keys', content: { 'text/tab-separated-values': { schema: Tsv } } } },
        },
      },
      async (request, reply) => {
        const numbers = splitList(request.query.licenseIdNumbers);
        if (numbers && numbers.length > MAX_EXPORT_LICENSE_IDS) {
          throw new AppError(400, 'request.invalid', `Export at most ${MAX_EXPORT_LICENSE_IDS} License IDs at once.`, {
            fields: [
              {
                name: 'querystring.licenseIdNumbers',
                message: `names more than ${MAX_EXPORT_LICENSE_IDS}`,
                rule: 'too_many',
                limit: MAX_EXPORT_LICENSE_IDS,
              },
            ],
          });
        }
        const scope = await keys.keyExportScope(request.auth!.account, numbers);
        return sendTsv(
          reply,
          tsvFileName('export'),
          keys.exportKeys(request.auth!.account, scope, splitList(request.query.keyIds), request.ip),
        );
      },
    );
  };
}
