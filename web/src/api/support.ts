// Help & support (SPEC §10): the signed-in customer's requests, the public contact form, and the operator queue.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call, type Locale } from './client';
import type { components, paths } from './schema';

export type SupportRequestSummary = components['schemas']['SupportRequestSummary'];
export type SupportMessage = components['schemas']['SupportMessage'];
export type SupportState = SupportRequestSummary['state'];
export type SupportRequest =
  paths['/api/v1/support/requests/{id}']['get']['responses'][200]['content']['application/json'];
export type OperatorSupportRequest =
  paths['/api/v1/operator/support/requests/{id}']['get']['responses'][200]['content']['application/json'];
export type NewSupportRequest = paths['/api/v1/support/requests']['post']['requestBody']['content']['application/json'];
export type ContactForm = paths['/api/v1/support/contact']['post']['requestBody']['content']['application/json'];
export type OperatorQueueFilters = NonNullable<
  paths['/api/v1/operator/support/requests']['get']['parameters']['query']
>;

/** The categories a customer or contact-form sender picks from (the server's fixed list). */
export const SUPPORT_CATEGORIES = [
  'sign-in-and-access',
  'role-assignments',
  'contracts-and-orders',
  'software-and-keys',
  'other',
] as const satisfies readonly NewSupportRequest['category'][];

export const SUPPORT_STATES = [
  'new',
  'in-progress',
  'waiting-on-customer',
  'resolved',
] as const satisfies readonly SupportState[];

/** Where an operator may move a request from each state (mirrors SUPPORT_STATE_TRANSITIONS on the server). */
export const SUPPORT_TRANSITIONS: Record<SupportState, readonly SupportState[]> = {
  new: ['in-progress', 'waiting-on-customer', 'resolved'],
  'in-progress': ['waiting-on-customer', 'resolved'],
  'waiting-on-customer': ['in-progress', 'resolved'],
  resolved: ['in-progress'],
};

/** The query keys of the caller's own support requests and of the operator's queue (others refresh them). */
export const ownSupportKey = ['support-requests'] as const;
export const operatorSupportKey = ['operator', 'support-requests'] as const;

export function useMySupportRequests() {
  return useCursorPages({
    queryKey: [...ownSupportKey, 'pages'],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/support/requests', { params: { query: { cursor, limit } } })),
  });
}

export function useMySupportRequest(id: number) {
  return useQuery({
    queryKey: [...ownSupportKey, id],
    queryFn: () => call(api.GET('/api/v1/support/requests/{id}', { params: { path: { id } } })),
    // Replies arrive from support: show them when the person comes back to the page.
    staleTime: 0,
  });
}

export function useOpenSupportRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSupportRequest) => call(api.POST('/api/v1/support/requests', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ownSupportKey }),
  });
}

export function useReplyToSupportRequest(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      call(api.POST('/api/v1/support/requests/{id}/messages', { params: { path: { id } }, body: { body } })),
    onSuccess: (request) => {
      queryClient.setQueryData([...ownSupportKey, id], request);
      void queryClient.invalidateQueries({ queryKey: [...ownSupportKey, 'pages'] });
    },
  });
}

export function useRequestContactCode() {
  return useMutation({
    mutationFn: (body: { email: string; locale: Locale }) => call(api.POST('/api/v1/support/contact/code', { body })),
  });
}

export function useSubmitContactForm() {
  return useMutation({
    mutationFn: (body: ContactForm) => call(api.POST('/api/v1/support/contact', { body })),
  });
}

export function useSupportQueue(filters: Omit<OperatorQueueFilters, 'cursor' | 'limit'>) {
  return useCursorPages({
    queryKey: [...operatorSupportKey, 'pages', filters],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/operator/support/requests', { params: { query: { ...filters, cursor, limit } } })),
  });
}

export function useOperatorSupportRequest(id: number) {
  return useQuery({
    queryKey: [...operatorSupportKey, id],
    queryFn: () => call(api.GET('/api/v1/operator/support/requests/{id}', { params: { path: { id } } })),
    staleTime: 0,
  });
}

/** Assign, reply and state change answer the request without the access check; keep the one already shown. */
function useOperatorChange<Input>(
  id: number,
  send: (input: Input) => Promise<Omit<OperatorSupportRequest, 'accessChecks'>>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (request) => {
      queryClient.setQueryData<OperatorSupportRequest>([...operatorSupportKey, id], (old) =>
        old ? { ...request, accessChecks: old.accessChecks } : undefined,
      );
      void queryClient.invalidateQueries({ queryKey: [...operatorSupportKey, 'pages'] });
    },
  });
}

export function useAssignSupportRequest(id: number) {
  return useOperatorChange(id, () =>
    call(api.POST('/api/v1/operator/support/requests/{id}/assign', { params: { path: { id } } })),
  );
}

export function useOperatorReply(id: number) {
  return useOperatorChange(id, (body: { body: string; state: Exclude<SupportState, 'new'> }) =>
    call(api.POST('/api/v1/operator/support/requests/{id}/messages', { params: { path: { id } }, body })),
  );
}

export function useChangeSupportState(id: number) {
  return useOperatorChange(id, (state: SupportState) =>
    call(api.POST('/api/v1/operator/support/requests/{id}/state', { params: { path: { id } }, body: { state } })),
  );
}
