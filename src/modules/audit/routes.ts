// The audit log (SPEC §11): operators read every entry, administrators the entries of their License IDs; CSV export.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendCsv } from '../../http/csv-reply.js';
import { AgreementNumber, IsoDate } from '../agreements/schemas.js';
import type { AuditLogService } from './log.js';

const Filters = {
  licenseIdNumber: Type.Optional(AgreementNumber),
  action: Type.Optional(
    Type.String({
      pattern: '^[a-z_]+(\\.[a-z_]*)?$',
      maxLength: 100,
      description: 'an action (e.g. vl_role.changed), or a prefix ending in a dot (vl_role.)',
    }),
  ),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
};

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.String(),
  actorSignInName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  licenseIdNumber: Type.Union([Type.String(), Type.Null()]),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.Union([Type.String(), Type.Null()], { description: 'shown to operators only' }),
  hash: Type.String({ description: 'this entry’s link in the hash chain (vlcenter audit verify)' }),
});

const AuditPage = Type.Object(
  { items: Type.Array(AuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'AuditPage' },
);

const REFUSAL =
  'Operators see every entry; anyone else the entries of the License IDs they administer. Someone who administers none gets 403 audit.not_allowed.';

export function auditRoutes(deps: { auditLog: AuditLogService }): FastifyPluginAsyncTypebox {
  const { auditLog } = deps;
  return async (app) => {
    app.get(
      '/api/v1/audit-log',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['audit'],
          operationId: 'listAuditLog',
          summary: 'The audit log, newest first',
          description: REFUSAL,
          querystring: Type.Object(
            {
              ...Filters,
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: AuditPage },
        },
      },
      async (request) => auditLog.list(request.auth!.account, request.query),
    );

    app.get(
      '/api/v1/audit-log/export',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['audit'],
          operationId: 'exportAuditLog',
          summary: 'The audit log (same filters) as CSV, streamed',
          description: REFUSAL,
          querystring: Type.Object(Filters, { additionalProperties: false }),
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv; RFC 4180, UTF-8 with BOM, header row' }) },
        },
      },
      async (request, reply) =>
        sendCsv(reply, 'audit-log.csv', auditLog.exportCsv(request.auth!.account, request.query)),
    );
  };
}
