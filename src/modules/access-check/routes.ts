// "Why can't I see volume licensing?": the signed-in user's own access check, and the operator's for any account.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { EmailAddress } from '../agreements/schemas.js';
import { ACCESS_FINDING_CODES, type AccessCheckService } from './service.js';

export const AccessCheck = Type.Object(
  {
    signInName: Type.String(),
    kind: Type.Enum(['work', 'personal']),
    cloud: Type.Enum([...CLOUDS]),
    tenantState: Type.Union([Type.Enum(['managed', 'unmanaged']), Type.Null()]),
    visibleLicenseIdCount: Type.Integer({ description: 'License IDs shown on Volume licensing now' }),
    findings: Type.Array(
      Type.Object({
        code: Type.Enum([...ACCESS_FINDING_CODES]),
        blocking: Type.Boolean({ description: 'keeps the account from seeing (some of) its agreements' }),
        message: Type.String(),
        remedy: Type.String(),
        link: Type.Union([Type.String(), Type.Null()], { description: 'the page that fixes it' }),
        licenseIdNumbers: Type.Array(Type.String()),
        params: Type.Record(Type.String(), Type.String(), {
          description: 'values for a translated message: domain, boundSignInId (masked)',
        }),
      }),
      { description: `in this order of causes: ${ACCESS_FINDING_CODES.join(', ')}` },
    ),
  },
  { $id: 'AccessCheck' },
);

export function accessCheckRoutes(deps: { accessCheck: AccessCheckService }): FastifyPluginAsyncTypebox {
  const { accessCheck } = deps;
  return async (app) => {
    app.get(
      '/api/v1/access-check',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['support'],
          operationId: 'accessCheck',
          summary: "Why can't I see volume licensing? Every cause that holds for you, with its remedy",
          response: { 200: AccessCheck },
        },
      },
      async (request) => accessCheck.check(request.auth!.account.id),
    );

    app.get(
      '/api/v1/operator/access-check',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'operatorAccessCheck',
          summary: 'The access check of any account, by sign-in name and cloud (work and personal accounts)',
          querystring: Type.Object(
            { signInName: EmailAddress, cloud: Type.Optional(Type.Enum([...CLOUDS], { default: 'public' })) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ items: Type.Array(AccessCheck) }, { $id: 'AccessCheckList' }) },
        },
      },
      async (request) => ({
        items: await accessCheck.checkFor(request.query.signInName, request.query.cloud ?? 'public'),
      }),
    );
  };
}
