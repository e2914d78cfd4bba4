// The operator console's side of agreements: approve or reject organizations, create partners, issue and revoke
// their API tokens, manage licensing programs. Every change is audited (service.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ApprovalBody,
  ApprovalState,
  CreatePartnerBody,
  CreateProgramBody,
  CreateTokenBody,
  IssuedPartnerToken,
  ListQuery,
  OperatorOrganization,
  Page,
  Partner,
  PartnerToken,
  Program,
  ProgramId,
  UpdateProgramBody,
  Uuid,
} from './schemas.js';
import type { AgreementsService } from './service.js';

const OperatorOrganizationPage = Page(OperatorOrganization, 'OperatorOrganizationPage');
const PartnerPage = Page(Partner, 'PartnerPage');
const ProgramPage = Page(Program, 'ProgramPage');

export function operatorAgreementRoutes(deps: { agreements: AgreementsService }): FastifyPluginAsyncTypebox {
  const { agreements } = deps;
  const actorOf = (request: { auth: { account: { id: string } } | null; ip: string }) => ({
    accountId: request.auth!.account.id,
    ip: request.ip,
  });

  return async (app) => {
    const tags = ['operator'];

    app.get(
      '/api/v1/operator/organizations',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListOrganizations',
          summary: 'Customer organizations, newest first, optionally by approval state',
          querystring: Type.Object(
            { ...ListQuery.properties, state: Type.Optional(ApprovalState) },
            { additionalProperties: false },
          ),
          response: { 200: OperatorOrganizationPage },
        },
      },
      async (request) => agreements.listOrganizationsForOperator(request.query),
    );

    app.post(
      '/api/v1/operator/organizations/:id/approval',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorDecideOrganization',
          summary: 'Approve or reject an organization (its License IDs are hidden from customers until approved)',
          params: Type.Object({ id: Uuid }),
          body: ApprovalBody,
          response: { 200: OperatorOrganization },
        },
      },
      async (request) =>
        agreements.decideOrganization(actorOf(request), request.params.id, request.body.decision, request.body.reason),
    );

    app.get(
      '/api/v1/operator/partners',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListPartners',
          summary: 'Licensing partners, newest first',
          querystring: ListQuery,
          response: { 200: PartnerPage },
        },
      },
      async (request) => agreements.listPartners(request.query),
    );

    app.post(
      '/api/v1/operator/partners',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorCreatePartner',
          summary: 'Create a licensing partner',
          body: CreatePartnerBody,
          response: { 201: Partner },
        },
      },
      async (request, reply) => reply.status(201).send(await agreements.createPartner(actorOf(request), request.body)),
    );

    app.get(
      '/api/v1/operator/partners/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorGetPartner',
          summary: 'One licensing partner, with its number of active API tokens',
          params: Type.Object({ id: Uuid }),
          response: { 200: Partner },
        },
      },
      async (request) => agreements.getPartner(request.params.id),
    );

    app.get(
      '/api/v1/operator/programs',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListPrograms',
          summary: 'Licensing programs by name, with their flags and number of License IDs',
          querystring: ListQuery,
          response: { 200: ProgramPage },
        },
      },
      async (request) => agreements.listPrograms(request.query),
    );

    app.post(
      '/api/v1/operator/programs',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorCreateProgram',
          summary: 'Add a licensing program',
          body: CreateProgramBody,
          response: { 201: Program },
        },
      },
      async (request, reply) => reply.status(201).send(await agreements.createProgram(actorOf(request), request.body)),
    );

    app.patch(
      '/api/v1/operator/programs/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorUpdateProgram',
          summary: 'Rename a program or change its flags',
          description:
            'The enterprise style changes only while the program has no License IDs (409 program.in_use): it decides how their users are onboarded.',
          params: Type.Object({ id: ProgramId }),
          body: UpdateProgramBody,
          response: { 200: Program },
        },
      },
      async (request) => agreements.updateProgram(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/api/v1/operator/partners/:id/tokens',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListPartnerTokens',
          summary: 'A partner’s API tokens (never the tokens themselves)',
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Array(PartnerToken) },
        },
      },
      async (request) => agreements.listTokens(request.params.id),
    );

    app.post(
      '/api/v1/operator/partners/:id/tokens',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorIssuePartnerToken',
          summary: 'Issue an API token for a partner: shown in this response only',
          params: Type.Object({ id: Uuid }),
          body: CreateTokenBody,
          response: { 201: IssuedPartnerToken },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await agreements.issueToken(actorOf(request), request.params.id, request.body.name)),
    );

    app.delete(
      '/api/v1/operator/partners/:id/tokens/:tokenId',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorRevokePartnerToken',
          summary: 'Revoke a partner’s API token; it stops working at once',
          params: Type.Object({ id: Uuid, tokenId: Uuid }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await agreements.revokeToken(actorOf(request), request.params.id, request.params.tokenId);
        return reply.status(204).send(null);
      },
    );
  };
}
