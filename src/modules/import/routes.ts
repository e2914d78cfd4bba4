// POST /api/v1/partner/imports: the bulk import of `vlcenter import` over the partner API. Each record is the body the
// matching create route takes and is validated with the same schema; the answer names each rejected record by its
// index in `records` and the failing fields.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PartnerActor } from '../agreements/service.js';
import { IMPORT_KINDS, type ImportService } from './service.js';

/** Records per call: larger imports go in several calls (or through `vlcenter import`). */
export const MAX_IMPORT_RECORDS = 5000;
/** 5,000 orders of a few lines each, or License IDs with all their contacts, fit comfortably. */
const IMPORT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

const ImportBody = Type.Object(
  {
    kind: Type.Enum([...IMPORT_KINDS]),
    records: Type.Array(Type.Unknown(), {
      minItems: 1,
      maxItems: MAX_IMPORT_RECORDS,
      description:
        'Each record is the body POST /api/v1/partner/organizations, /license-ids or /orders takes, by `kind`.',
    }),
  },
  { additionalProperties: false },
);

const ImportResult = Type.Object(
  {
    imported: Type.Integer(),
    alreadyPresent: Type.Integer({ description: 'records skipped because they exist already (a safe re-run)' }),
    rejected: Type.Array(
      Type.Object({
        index: Type.Integer({ description: 'position in `records`, from 0' }),
        fields: Type.Array(
          Type.Object({
            name: Type.String(),
            message: Type.String(),
            rule: Type.String({ description: 'a stable code, as in the Problem schema' }),
            limit: Type.Optional(Type.Number()),
          }),
        ),
      }),
    ),
  },
  { $id: 'PartnerImportResult' },
);

export function importRoutes(deps: { importer: ImportService }): FastifyPluginAsyncTypebox {
  const { importer } = deps;
  const actorOf = (request: FastifyRequest): PartnerActor => ({ ...request.partner!, ip: request.ip });

  return async (app) => {
    app.post(
      '/api/v1/partner/imports',
      {
        config: { access: 'partner' },
        bodyLimit: IMPORT_BODY_LIMIT_BYTES,
        schema: {
          tags: ['partner'],
          security: [{ partnerToken: [] }],
          operationId: 'partnerImport',
          summary: `Bulk import of up to ${MAX_IMPORT_RECORDS} organizations, License IDs or orders`,
          description:
            'Records already present (organization: a PCN in common; License ID: its number; order: its partner order number) are skipped, so a call can be repeated safely. Each record is all-or-nothing; records are committed in batches of 500.',
          body: ImportBody,
          response: { 200: ImportResult },
        },
      },
      async (request) => importer.importRecords(actorOf(request), request.body.kind, request.body.records),
    );
  };
}
