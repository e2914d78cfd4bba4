// The operator console's agreements side: organizations awaiting approval, licensing partners and their API tokens.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { paths } from './schema';

type OrganizationPage = paths['/api/v1/operator/organizations']['get']['responses'][200]['content']['application/json'];
export type OperatorOrganization = OrganizationPage['items'][number];
export type ApprovalState = OperatorOrganization['approvalState'];
export type PartnerToken =
  paths['/api/v1/operator/partners/{id}/tokens']['get']['responses'][200]['content']['application/json'][number];
export type IssuedPartnerToken =
  paths['/api/v1/operator/partners/{id}/tokens']['post']['responses'][201]['content']['application/json'];
export type CreatePartnerInput =
  paths['/api/v1/operator/partners']['post']['requestBody']['content']['application/json'];

const organizationsKey = ['operator-organizations'] as const;
const partnersKey = ['operator-partners'] as const;
const tokensKey = (partnerId: string) => ['operator-partner-tokens', partnerId] as const;

export function useOperatorOrganizations(state: ApprovalState | undefined, cursor: string | undefined) {
  return useQuery({
    queryKey: [...organizationsKey, state, cursor],
    queryFn: () => call(api.GET('/api/v1/operator/organizations', { params: { query: { state, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useDecideOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; decision: 'approve' | 'reject'; reason?: string | undefined }) =>
      call(
        api.POST('/api/v1/operator/organizations/{id}/approval', {
          params: { path: { id: input.id } },
          body: { decision: input.decision, ...(input.reason ? { reason: input.reason } : {}) },
        }),
      ),
    // The row updates in place, even under a state filter it no longer matches: the operator sees what happened,
    // and the next fetch (another filter or page) shows the lists as they now are.
    onSuccess: (updated) => {
      queryClient.setQueriesData<OrganizationPage>(
        { queryKey: organizationsKey },
        (page) => page && { ...page, items: page.items.map((item) => (item.id === updated.id ? updated : item)) },
      );
      void queryClient.invalidateQueries({ queryKey: organizationsKey, refetchType: 'none' });
    },
  });
}

export function usePartners(cursor: string | undefined, limit = 25) {
  return useQuery({
    queryKey: [...partnersKey, cursor, limit],
    queryFn: () => call(api.GET('/api/v1/operator/partners', { params: { query: { cursor, limit } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePartnerInput) => call(api.POST('/api/v1/operator/partners', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: partnersKey }),
  });
}

export function usePartnerTokens(partnerId: string) {
  return useQuery({
    queryKey: tokensKey(partnerId),
    queryFn: () => call(api.GET('/api/v1/operator/partners/{id}/tokens', { params: { path: { id: partnerId } } })),
  });
}

export function useIssueToken(partnerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      call(api.POST('/api/v1/operator/partners/{id}/tokens', { params: { path: { id: partnerId } }, body: { name } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: tokensKey(partnerId) });
      void queryClient.invalidateQueries({ queryKey: partnersKey });
    },
  });
}

export function useRevokeToken(partnerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      call(
        api.DELETE('/api/v1/operator/partners/{id}/tokens/{tokenId}', {
          params: { path: { id: partnerId, tokenId } },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: tokensKey(partnerId) });
      void queryClient.invalidateQueries({ queryKey: partnersKey });
    },
  });
}
