// The operator console's agreements side: organizations awaiting approval, licensing partners and their API tokens.
import { useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call } from './client';
import type { paths } from './schema';

type OrganizationPage = paths['/api/v1/operator/organizations']['get']['responses'][200]['content']['application/json'];
export type OperatorOrganization = OrganizationPage['items'][number];
export type ApprovalState = OperatorOrganization['approvalState'];
export type Partner =
  paths['/api/v1/operator/partners']['get']['responses'][200]['content']['application/json']['items'][number];
export type PartnerToken =
  paths['/api/v1/operator/partners/{id}/tokens']['get']['responses'][200]['content']['application/json'][number];
export type IssuedPartnerToken =
  paths['/api/v1/operator/partners/{id}/tokens']['post']['responses'][201]['content']['application/json'];
export type CreatePartnerInput =
  paths['/api/v1/operator/partners']['post']['requestBody']['content']['application/json'];

const organizationsKey = ['operator-organizations'] as const;
const partnersKey = ['operator-partners'] as const;
const tokensKey = (partnerId: string) => ['operator-partner-tokens', partnerId] as const;

export function useOperatorOrganizations(state: ApprovalState | undefined) {
  return useCursorPages({
    queryKey: [...organizationsKey, state],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/operator/organizations', { params: { query: { state, cursor, limit } } })),
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
      queryClient.setQueriesData<InfiniteData<OrganizationPage>>(
        { queryKey: organizationsKey },
        (list) =>
          list && {
            ...list,
            pages: list.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === updated.id ? updated : item)),
            })),
          },
      );
      void queryClient.invalidateQueries({ queryKey: organizationsKey, refetchType: 'none' });
    },
  });
}

export function usePartners() {
  return useCursorPages({
    queryKey: [...partnersKey, 'pages'],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/operator/partners', { params: { query: { cursor, limit } } })),
  });
}

/** One partner's facts (the partner detail page). */
export function usePartner(id: string) {
  return useQuery({
    queryKey: [...partnersKey, 'one', id],
    queryFn: () => call(api.GET('/api/v1/operator/partners/{id}', { params: { path: { id } } })),
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
