// The operator support queue (SPEC §10): filter, open a request with its thread and the requester's access check,
// assign to self, reply (e-mailed to the requester), change state. Every change is audited (service.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  OperatorListQuery,
  OperatorMessageBody,
  OperatorSupportRequest,
  OperatorSupportRequestPage,
  OperatorSupportRequestWithCheck,
  StateBody,
} from './schemas.js';
import { actorOf } from './routes.js';
import { SUPPORT_STATE_TRANSITIONS, type SupportService } from './service.js';

const TRANSITIONS = Object.entries(SUPPORT_STATE_TRANSITIONS)
  .map(([from, to]) => `${from} → ${to.join(' | ')}`)
  .join('; ');

export function operatorSupportRoutes(deps: { support: SupportService }): FastifyPluginAsyncTypebox {
  const { support } = deps;
  return async (app) => {
    const tags = ['operator'];

    app.get(
      '/api/v1/operator/support/requests',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListSupportRequests',
          summary: 'The support queue, newest first: filter by state, kind, assignment; search',
          querystring: OperatorListQuery,
          response: { 200: OperatorSupportRequestPage },
        },
      },
      async (request) => support.listForOperator(request.auth!.account, request.query),
    );

    app.get(
      '/api/v1/operator/support/requests/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorGetSupportRequest',
          summary: 'A support request with its thread and the requester’s access check',
          params: IdParams,
          response: { 200: OperatorSupportRequestWithCheck },
        },
      },
      async (request) => support.getForOperator(request.params.id),
    );

    app.post(
      '/api/v1/operator/support/requests/:id/assign',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorAssignSupportRequest',
          summary: 'Assign the request to yourself (a new request becomes in-progress)',
          params: IdParams,
          response: { 200: OperatorSupportRequest },
        },
      },
      async (request) => support.assignToSelf(actorOf(request), request.params.id),
    );

    app.post(
      '/api/v1/operator/support/requests/:id/messages',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorReplyToSupportRequest',
          summary: 'Reply; the requester gets it by e-mail in their language',
          description:
            'Sets waiting-on-customer unless `state` says otherwise; an unassigned request is assigned to you.',
          params: IdParams,
          body: OperatorMessageBody,
          response: { 201: OperatorSupportRequest },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await support.replyAsOperator(actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/api/v1/operator/support/requests/:id/state',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorChangeSupportRequestState',
          summary: 'Change the state; resolving e-mails the requester',
          description: `Allowed: ${TRANSITIONS}. Anything else: 409 support.invalid_transition.`,
          params: IdParams,
          body: StateBody,
          response: { 200: OperatorSupportRequest },
        },
      },
      async (request) => support.changeState(actorOf(request), request.params.id, request.body.state),
    );
  };
}
