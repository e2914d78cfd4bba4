// VL administrators' pages (SPEC §6): the License IDs the caller administers, user lookup, role assignments, the
// Manage users list and its actions, Import roles; and every VL user's Preferences (SPEC §9).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call } from './client';
import { contractsQueryKey } from './onboarding';
import type { components, operations } from './schema';

type Json<Operation, Status extends number> = Operation extends {
  responses: Record<Status, { content: { 'application/json': infer Body } }>;
}
  ? Body
  : never;
type RequestJson<Operation> = Operation extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type AdministeredLicenseId = components['schemas']['AdministeredLicenseId'];
export type UserLookup = Json<operations['lookUpVlUser'], 200>;
export type AssignRolesBody = RequestJson<operations['assignVlRoles']>;
export type AssignRolesResult = Json<operations['assignVlRoles'], 200>;
export type VlUser = components['schemas']['VlUser'];
export type VlUserStatus = VlUser['status'];
export type ImportRolesResult = Json<operations['importVlRoles'], 200>;
export type VlPreferences = Json<operations['getVlPreferences'], 200>;
export type UpdateVlPreferencesBody = RequestJson<operations['updateVlPreferences']>;
export type SyncResult = Json<operations['syncVlPermissions'], 200>;

const administeredKey = ['vl-administered'] as const;
const usersKey = ['vl-users'] as const;
const userKey = (email: string) => ['vl-user', email] as const;
const preferencesKey = ['vl-preferences'] as const;

/** Everything a role change can alter: who holds what, where, and the caller's own contracts and preferences. */
function invalidateRoleViews(queryClient: ReturnType<typeof useQueryClient>): void {
  for (const queryKey of [administeredKey, usersKey, ['vl-user'], preferencesKey, contractsQueryKey]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}

export function useAdministeredLicenseIds() {
  return useQuery({
    queryKey: administeredKey,
    queryFn: () => call(api.GET('/api/v1/vl/administered-license-ids')),
  });
}

/** Not a query: the wizard looks an address up when the admin asks, and keeps the answer in its own state. */
export function useUserLookup() {
  return useMutation({
    mutationFn: (email: string) => call(api.GET('/api/v1/vl/user-lookup', { params: { query: { email } } })),
  });
}

export function useAssignRoles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignRolesBody) => call(api.POST('/api/v1/vl/role-assignments', { body })),
    onSuccess: () => invalidateRoleViews(queryClient),
  });
}

export function useVlUsers(filter: { q: string; licenseIdNumber: string | undefined }) {
  const q = filter.q.trim() || undefined;
  return useCursorPages({
    queryKey: [...usersKey, q, filter.licenseIdNumber],
    fetchPage: ({ cursor, limit }) =>
      call(
        api.GET('/api/v1/vl/users', {
          params: { query: { cursor, limit, q, licenseIdNumber: filter.licenseIdNumber } },
        }),
      ),
  });
}

export function useVlUser(email: string | null) {
  return useQuery({
    queryKey: userKey(email ?? ''),
    queryFn: () => call(api.GET('/api/v1/vl/users/{email}', { params: { path: { email: email ?? '' } } })),
    enabled: email !== null,
  });
}

export type InvitationAction = 'resend' | 'reset';

export function useInvitationAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, action }: { email: string; action: InvitationAction }) =>
      call(
        action === 'resend'
          ? api.POST('/api/v1/vl/users/{email}/invitations/resend', { params: { path: { email } }, body: {} })
          : api.POST('/api/v1/vl/users/{email}/invitations/reset', { params: { path: { email } }, body: {} }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useRemoveVlUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => call(api.DELETE('/api/v1/vl/users/{email}', { params: { path: { email } } })),
    onSuccess: () => invalidateRoleViews(queryClient),
  });
}

export function useImportRoles() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { licenseIdNumber: string; sourceLicenseIdNumber: string }) =>
      call(
        api.POST('/api/v1/vl/license-ids/{licenseIdNumber}/import-roles', {
          params: { path: { licenseIdNumber: input.licenseIdNumber } },
          body: { sourceLicenseIdNumber: input.sourceLicenseIdNumber },
        }),
      ),
    onSuccess: () => invalidateRoleViews(queryClient),
  });
}

export function useVlPreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: () => call(api.GET('/api/v1/vl/preferences')) });
}

export function useUpdateVlPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateVlPreferencesBody) => call(api.PATCH('/api/v1/vl/preferences', { body })),
    onSuccess: () => invalidateRoleViews(queryClient),
  });
}

export function useSyncPermissions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/vl/preferences/sync')),
    onSuccess: () => invalidateRoleViews(queryClient),
  });
}
