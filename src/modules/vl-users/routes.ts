// The VL administrators' API (SPEC §6) and every VL user's Preferences. Signed-in routes: what the caller may touch is
// decided by the License IDs they administer (service.ts), or by the route's declared capability on
// `:licenseIdNumber` (http/auth.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdministeredLicenseIdList,
  AssignRolesBody,
  AssignRolesResult,
  EmailParams,
  ImportRolesBody,
  ImportRolesResult,
  InvitationActionBody,
  InvitationActionResult,
  LicenseIdParams,
  RemovedUserResult,
  SyncResult,
  UpdateVlPreferencesBody,
  UserLookup,
  UserLookupQuery,
  VlPreferences,
  VlUser,
  VlUserListQuery,
  VlUserPage,
} from './schemas.js';
import type { VlUsersService } from './service.js';

const ADMIN_REFUSAL =
  'A caller who administers no License ID gets 403 vl_users.not_an_administrator; a License ID they do not administer does not exist for them (404 license_id.not_found).';

export function vlUsersRoutes(deps: { vlUsers: VlUsersService }): FastifyPluginAsyncTypebox {
  const { vlUsers } = deps;
  return async (app) => {
    const tags = ['vl-users'];

    app.get(
      '/api/v1/vl/administered-license-ids',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listAdministeredLicenseIds',
          summary: 'The License IDs you administer (directly or inherited): where you may assign roles',
          response: { 200: AdministeredLicenseIdList },
        },
      },
      async (request) => ({ items: await vlUsers.administered(request.auth!.account) }),
    );

    app.get(
      '/api/v1/vl/user-lookup',
      {
        config: { access: 'signed-in', rateLimit: { max: 120, windowSeconds: 60 } },
        schema: {
          tags,
          operationId: 'lookUpVlUser',
          summary: 'Who an e-mail address is, before assigning roles to it (internal, registered, external)',
          description: ADMIN_REFUSAL,
          querystring: UserLookupQuery,
          response: { 200: UserLookup },
        },
      },
      async (request) => vlUsers.lookup(request.auth!.account, request.query.email),
    );

    app.post(
      '/api/v1/vl/role-assignments',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'assignVlRoles',
          summary: "Set a user's roles on License IDs you administer (invites addresses nobody registered yet)",
          description: `${ADMIN_REFUSAL} Other refusals: vl_users.external_confirmation_required (409, resend with confirmExternal: true), vl_users.unknown_sign_in_id (422, enterprise-style programs), vl_users.role_conflict (400), vl_users.last_administrator (409).`,
          body: AssignRolesBody,
          response: { 200: AssignRolesResult },
        },
      },
      async (request) => vlUsers.assignRoles(request.auth!, request.body, request.ip),
    );

    app.get(
      '/api/v1/vl/users',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listVlUsers',
          summary: 'Manage users: everyone with a role or an open invitation on the License IDs you administer',
          description: ADMIN_REFUSAL,
          querystring: VlUserListQuery,
          response: { 200: VlUserPage },
        },
      },
      async (request) => vlUsers.listUsers(request.auth!.account, request.query),
    );

    app.get(
      '/api/v1/vl/users/:email',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'getVlUser',
          summary: "One user's access on the License IDs you administer",
          description: ADMIN_REFUSAL,
          params: EmailParams,
          response: { 200: VlUser },
        },
      },
      async (request) => vlUsers.getUser(request.auth!.account, request.params.email),
    );

    app.delete(
      '/api/v1/vl/users/:email',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'removeVlUser',
          summary: "Remove all the user's roles and open invitations on the License IDs you administer",
          description: `${ADMIN_REFUSAL} vl_users.last_administrator (409) when a License ID would keep no administrator.`,
          params: EmailParams,
          response: { 200: RemovedUserResult },
        },
      },
      async (request) => vlUsers.removeUser(request.auth!, request.params.email, request.ip),
    );

    for (const [action, rotate] of [
      ['resend', false],
      ['reset', true],
    ] as const) {
      app.post(
        `/api/v1/vl/users/:email/invitations/${action}`,
        {
          config: { access: 'signed-in', rateLimit: { max: 30, windowSeconds: 60 } },
          schema: {
            tags,
            operationId: rotate ? 'resetVlUserInvitations' : 'resendVlUserInvitations',
            summary: rotate
              ? "Reset the user's invitations: a new link with a new expiry; the old link stops working"
              : "Resend the user's open invitations with the same link",
            description: `${ADMIN_REFUSAL} vl_users.no_open_invitation (409) when there is nothing to ${action}.`,
            params: EmailParams,
            body: InvitationActionBody,
            response: { 200: InvitationActionResult },
          },
        },
        async (request) =>
          vlUsers.reissueInvitations(
            request.auth!,
            request.params.email,
            { licenseIdNumber: request.body.licenseIdNumber, rotate },
            request.ip,
          ),
      );
    }

    app.post(
      '/api/v1/vl/license-ids/:licenseIdNumber/import-roles',
      {
        config: { access: 'signed-in', licenseIdCapability: 'vl-users.manage' },
        schema: {
          tags,
          operationId: 'importVlRoles',
          summary: 'Import roles (enterprise-style): copy users and roles from another License ID you administer',
          params: LicenseIdParams,
          body: ImportRolesBody,
          response: { 200: ImportRolesResult },
        },
      },
      async (request) =>
        vlUsers.importRoles(request.auth!, request.licenseIdGrant!, request.body.sourceLicenseIdNumber, request.ip),
    );

    app.get(
      '/api/v1/vl/preferences',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'getVlPreferences',
          summary: 'Your VL profile: name, sign-in and business e-mail, roles, inheritance opt-ins',
          response: { 200: VlPreferences },
        },
      },
      async (request) => vlUsers.preferences(request.auth!.account),
    );

    app.patch(
      '/api/v1/vl/preferences',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'updateVlPreferences',
          summary: 'Change your VL name, or opt in / out of inheriting the License IDs of a parent agreement',
          body: UpdateVlPreferencesBody,
          response: { 200: VlPreferences },
        },
      },
      async (request) => vlUsers.updatePreferences(request.auth!, request.body, request.ip),
    );

    app.post(
      '/api/v1/vl/preferences/sync',
      {
        config: { access: 'signed-in', rateLimit: { max: 10, windowSeconds: 60 } },
        schema: {
          tags,
          operationId: 'syncVlPermissions',
          summary: 'Sync permissions: take up every open invitation addressed to your business e-mails',
          response: { 200: SyncResult },
        },
      },
      async (request) => vlUsers.sync(request.auth!, request.ip),
    );
  };
}
