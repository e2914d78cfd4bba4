// Help & support for signed-in people (their own requests only: another person's request is a 404), and the public
// contact form for people who cannot sign in (the address proved by an e-mailed code; rate-limited per client IP
// here and per address in the code service).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { cloudOfRequest } from '../../http/auth.js';
import type { RateLimitRule } from '../../http/rate-limit.js';
import {
  ContactBody,
  ContactCodeBody,
  ContactCodeSent,
  ContactReceived,
  CustomerMessageBody,
  IdParams,
  ListQuery,
  NewRequestBody,
  SupportRequestDetail,
  SupportRequestPage,
} from './schemas.js';
import type { Actor, SupportService } from './service.js';

/** Per client IP: a person who mistypes their address a few times gets through; a script does not get far. */
export const CONTACT_CODE_RATE_LIMIT: RateLimitRule = { max: 10, windowSeconds: 600 };
export const CONTACT_RATE_LIMIT: RateLimitRule = { max: 10, windowSeconds: 600 };

/** Who acts, for the service and its audit entries (signed-in routes only). */
export const actorOf = (request: FastifyRequest): Actor => ({ account: request.auth!.account, ip: request.ip });

export function supportRoutes(deps: { config: Config; support: SupportService }): FastifyPluginAsyncTypebox {
  const { config, support } = deps;
  return async (app) => {
    const tags = ['support'];

    app.get(
      '/api/v1/support/requests',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listSupportRequests',
          summary: 'Your support requests, newest first',
          querystring: ListQuery,
          response: { 200: SupportRequestPage },
        },
      },
      async (request) => support.listOwn(request.auth!.account, request.query),
    );

    app.post(
      '/api/v1/support/requests',
      {
        config: { access: 'signed-in', rateLimit: { max: 30, windowSeconds: 600 } },
        schema: {
          tags,
          operationId: 'openSupportRequest',
          summary: 'Open a support request; a confirmation is e-mailed to your sign-in address',
          description:
            'licenseIdNumbers: only License IDs you can see (else 422 support.license_id_not_visible naming the field).',
          body: NewRequestBody,
          response: { 201: SupportRequestDetail },
        },
      },
      async (request, reply) => reply.status(201).send(await support.open(actorOf(request), request.body)),
    );

    app.get(
      '/api/v1/support/requests/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'getSupportRequest',
          summary: 'One of your support requests with its messages',
          params: IdParams,
          response: { 200: SupportRequestDetail },
        },
      },
      async (request) => support.getOwn(request.auth!.account, request.params.id),
    );

    app.post(
      '/api/v1/support/requests/:id/messages',
      {
        config: { access: 'signed-in', rateLimit: { max: 60, windowSeconds: 600 } },
        schema: {
          tags,
          operationId: 'replyToSupportRequest',
          summary: 'Add a message to your request',
          description:
            'A request waiting on you, or resolved, goes back to in-progress (a reply reopens a resolved request); new and in-progress stay.',
          params: IdParams,
          body: CustomerMessageBody,
          response: { 201: SupportRequestDetail },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await support.replyAsCustomer(actorOf(request), request.params.id, request.body.body)),
    );

    app.post(
      '/api/v1/support/contact/code',
      {
        config: { access: 'public', rateLimit: CONTACT_CODE_RATE_LIMIT },
        schema: {
          tags,
          operationId: 'requestContactCode',
          summary: 'E-mail a one-time code that proves your address (step 1 of the public contact form)',
          description:
            'A new request replaces the previous code. Limited per client address and per e-mail address (429 rate_limited).',
          body: ContactCodeBody,
          response: { 202: ContactCodeSent },
        },
      },
      async (request, reply) => {
        const sent = await support.sendContactCode(request.body.email, request.body.locale ?? 'en');
        return reply.status(202).send({ sentTo: sent.sentTo, expiresAt: sent.expiresAt.toISOString() });
      },
    );

    app.post(
      '/api/v1/support/contact',
      {
        config: { access: 'public', rateLimit: CONTACT_RATE_LIMIT },
        schema: {
          tags,
          operationId: 'submitContactForm',
          summary: 'Send a request to support without signing in (step 2, with the e-mailed code)',
          description:
            'The request enters the operator queue; replies go by e-mail. The code works once, for 10 minutes and 5 wrong guesses: contact.code_invalid (with attemptsLeft), contact.code_expired. Limited per client address (429 rate_limited).',
          body: ContactBody,
          response: { 201: ContactReceived },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await support.submitContact(request.body, { ip: request.ip, cloud: cloudOfRequest(config, request) })),
    );
  };
}
