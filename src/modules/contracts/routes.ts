// GET /api/v1/contracts: the signed-in user's License IDs (any VL role), nearest end date first.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { VL_CAPABILITIES, VL_ROLES } from '../../domain/vl-roles.js';
import type { ContractsService } from './service.js';

const Contract = Type.Object({
  licenseIdNumber: Type.String(),
  organizationName: Type.String(),
  location: Type.String(),
  programId: Type.String(),
  programName: Type.String(),
  parentAgreementNumber: Type.Union([Type.String(), Type.Null()]),
  cloud: Type.Enum([...CLOUDS]),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date' }),
  status: Type.Enum(['active', 'expired', 'terminated']),
  roles: Type.Array(Type.Enum([...VL_ROLES]), { description: 'every role you hold, direct or inherited' }),
  inheritedRoles: Type.Array(Type.Enum([...VL_ROLES]), {
    description: 'roles held only through inheritance from the parent agreement (not editable at the License ID)',
  }),
  administratorCount: Type.Integer({ description: 'administrators of the License ID; 1 shows a warning' }),
  capabilities: Type.Array(Type.Enum([...VL_CAPABILITIES])),
  accessAtRisk: Type.Boolean({ description: 'the role is held by an identity of another cloud (ACCESS AT RISK)' }),
});

const ContractPage = Type.Object(
  { items: Type.Array(Contract), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'ContractPage' },
);

export function contractsRoutes(deps: { contracts: ContractsService }): FastifyPluginAsyncTypebox {
  const { contracts } = deps;
  return async (app) => {
    app.get(
      '/api/v1/contracts',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['contracts'],
          operationId: 'listContracts',
          summary: 'Your License IDs (those you hold any VL role on), nearest end date first',
          querystring: Type.Object(
            {
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: ContractPage },
        },
      },
      async (request) => contracts.listContracts(request.auth!.account, request.query),
    );
  };
}
