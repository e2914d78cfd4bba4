// New VL profile requests (SPEC §10): any signed-in person files one and follows their own; operators read it with
// its pre-checks run again, and approve or reject it once.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { AgreementNumber, EmailAddress, Timestamp } from '../agreements/schemas.js';
import { PRECHECK_CODES } from './prechecks.js';
import type { VlProfileRequestsService } from './service.js';

const Kind = Type.Enum(['rebind', 'create'], {
  description:
    'rebind: move the VL profile of the business e-mail from the old sign-in ID to the new one; create: a VL profile for a business e-mail listed in an agreement that has no administrator left (or whose legacy invitation is void)',
});

const FileBody = Type.Object(
  {
    kind: Kind,
    oldSignInName: Type.Optional({ ...EmailAddress, description: 'rebind only: the sign-in ID the profile uses now' }),
    newSignInName: Type.Optional({
      ...EmailAddress,
      description: 'the sign-in ID to use from now on; default: yours',
    }),
    businessEmail: { ...EmailAddress, description: 'the business e-mail listed in the agreement' },
    licenseIdNumbers: Type.Array(AgreementNumber, { minItems: 1, maxItems: 20, uniqueItems: true }),
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'anything the operator should know' }),
    ),
  },
  { additionalProperties: false },
);

const ownFields = {
  supportRequestId: Type.Integer(),
  kind: Kind,
  state: Type.Enum(['pending', 'approved', 'rejected']),
  oldSignInName: Type.Union([Type.String(), Type.Null()]),
  newSignInName: Type.String(),
  businessEmail: Type.String(),
  licenseIdNumbers: Type.Array(Type.String()),
  createdAt: Timestamp,
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  rejectionReason: Type.Union([Type.String(), Type.Null()]),
};
const OwnRequest = Type.Object(ownFields, { $id: 'VlProfileRequest' });

const Precheck = Type.Object(
  {
    code: Type.Enum([...PRECHECK_CODES]),
    passed: Type.Boolean(),
    blocking: Type.Boolean({ description: 'an approval is refused while this fails' }),
    message: Type.String(),
    params: Type.Record(Type.String(), Type.String()),
  },
  { description: 'one pre-check: stable code, pass or fail' },
);

const OperatorRequest = Type.Object(
  {
    ...ownFields,
    newCloud: Type.Enum([...CLOUDS]),
    requester: Type.Object({
      signInName: Type.String(),
      name: Type.String(),
      accountId: Type.Union([Type.String(), Type.Null()]),
    }),
    supportRequestState: Type.String(),
    prechecksAtFiling: Type.Array(Precheck),
    prechecks: Type.Array(Precheck, { description: 'run again now' }),
    approvable: Type.Boolean({ description: 'pending, and every blocking pre-check passes now' }),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'OperatorVlProfileRequest' },
);

const Params = Type.Object(
  { supportRequestId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);

export function vlProfileRequestRoutes(deps: {
  vlProfileRequests: VlProfileRequestsService;
}): FastifyPluginAsyncTypebox {
  const { vlProfileRequests } = deps;
  return async (app) => {
    app.post(
      '/api/v1/vl-profile-requests',
      {
        config: { access: 'signed-in', rateLimit: { max: 20, windowSeconds: 3600 } },
        schema: {
          tags: ['support'],
          operationId: 'fileVlProfileRequest',
          summary: 'Ask for a new VL profile: re-bind to a new sign-in ID, or create one (an operator decides)',
          description:
            'The portal pre-checks what it can and shows the operator. Refusals: 422 vl_profile_request.old_sign_in_required, .old_sign_in_not_for_create, .same_identity; 409 vl_profile_request.already_pending (one open request per business e-mail).',
          body: FileBody,
          response: { 201: OwnRequest },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await vlProfileRequests.file(request.auth!, request.body, request.ip)),
    );

    app.get(
      '/api/v1/vl-profile-requests',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['support'],
          operationId: 'listOwnVlProfileRequests',
          summary: 'Your new VL profile requests, newest first',
          querystring: Type.Object(
            {
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object(
              { items: Type.Array(OwnRequest), nextCursor: Type.Union([Type.String(), Type.Null()]) },
              { $id: 'VlProfileRequestPage' },
            ),
          },
        },
      },
      async (request) => vlProfileRequests.listOwn(request.auth!.account, request.query),
    );

    app.get(
      '/api/v1/operator/vl-profile-requests/:supportRequestId',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'getOperatorVlProfileRequest',
          summary: 'A new VL profile request with its pre-checks, at filing and run again now',
          params: Params,
          response: { 200: OperatorRequest },
        },
      },
      async (request) => vlProfileRequests.getForOperator(request.params.supportRequestId),
    );

    app.post(
      '/api/v1/operator/vl-profile-requests/:supportRequestId/approve',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'approveVlProfileRequest',
          summary: 'Approve: re-bind or create the VL profile, resolve the request, notify, audit — in one transaction',
          description:
            'Refusals: 409 vl_profile_request.precheck_failed (a blocking pre-check fails now; `failed` lists the codes), 409 vl_profile_request.already_decided.',
          params: Params,
          response: { 200: OperatorRequest },
        },
      },
      async (request) => vlProfileRequests.approve(request.auth!, request.params.supportRequestId, request.ip),
    );

    app.post(
      '/api/v1/operator/vl-profile-requests/:supportRequestId/reject',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          operationId: 'rejectVlProfileRequest',
          summary: 'Reject with a reason (e-mailed to the requester and the business e-mail); nothing else changes',
          description: 'Refusal: 409 vl_profile_request.already_decided.',
          params: Params,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }) },
            { additionalProperties: false },
          ),
          response: { 200: OperatorRequest },
        },
      },
      async (request) =>
        vlProfileRequests.reject(
          request.auth!,
          request.params.supportRequestId,
          request.body.reason.trim(),
          request.ip,
        ),
    );
  };
}
