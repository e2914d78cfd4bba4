// The invitation link: GET shows what the invitation is for and changes nothing (mail scanners fetch links); only the
// signed-in user's explicit POST redeems it (registration).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLOUDS } from '../../domain/clouds.js';
import { INVITATION_STATES } from '../../domain/invitations.js';
import { VL_ROLES } from '../../domain/vl-roles.js';
import type { OnboardingService } from './service.js';

// Invitation tokens are 43 characters; anything much longer is not one (and is refused before any lookup).
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) });

const InvitationLanding = Type.Object(
  {
    state: Type.Enum([...INVITATION_STATES], {
      description: 'pending: can be redeemed; the others explain why not (see the registration.* problem codes)',
    }),
    licenseIdNumber: Type.String(),
    organizationName: Type.String(),
    organizationApproved: Type.Boolean(),
    programName: Type.String(),
    cloud: Type.Enum([...CLOUDS]),
    roles: Type.Array(Type.Enum([...VL_ROLES])),
    businessEmailMasked: Type.String({ description: 'e.g. li••••@contoso.example' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'InvitationLanding' },
);

const Registration = Type.Object(
  {
    licenseIdNumber: Type.String(),
    organizationName: Type.String(),
    roles: Type.Array(Type.Enum([...VL_ROLES])),
    businessEmail: Type.String(),
    vlProfileId: Type.String({ format: 'uuid' }),
    redirectTo: Type.String({ description: 'the page to open next: /volume-licensing' }),
  },
  { $id: 'Registration' },
);

export function onboardingRoutes(deps: { onboarding: OnboardingService }): FastifyPluginAsyncTypebox {
  const { onboarding } = deps;
  return async (app) => {
    app.get(
      '/api/v1/invitations/:token',
      {
        config: { access: 'public', rateLimit: { max: 60, windowSeconds: 60 } },
        schema: {
          tags: ['onboarding'],
          operationId: 'getInvitation',
          summary: 'What an invitation link is for (changes nothing; redeem with POST …/redeem)',
          params: TokenParams,
          response: { 200: InvitationLanding },
        },
      },
      async (request) => onboarding.landing(request.params.token),
    );

    app.post(
      '/api/v1/invitations/:token/redeem',
      {
        config: { access: 'signed-in', rateLimit: { max: 30, windowSeconds: 60 } },
        schema: {
          tags: ['onboarding'],
          operationId: 'redeemInvitation',
          summary:
            'Register with an invitation: binds its business e-mail to the signed-in identity and grants its roles',
          description:
            'Refusals (problem codes, checked in this order): registration.personal_account, registration.unmanaged_tenant (with `domain`), registration.other_cloud (with `cloud`, `signInUrl`), registration.organization_not_approved, registration.invitation_expired | _revoked | _void | _redeemed, registration.identity_mismatch (with `boundSignInId`, masked). Unknown token: invitation.not_found.',
          params: TokenParams,
          response: { 200: Registration },
        },
      },
      async (request) => onboarding.redeem(request.auth!, request.params.token, request.ip),
    );
  };
}
