// New VL profile requests (SPEC §10): filing one and the caller's own list; the operator's view with pre-checks,
// approve and reject.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import { operatorSupportKey, ownSupportKey } from './support';
import type { operations } from './schema';

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

export type FileVlProfileRequestBody = RequestJson<operations['fileVlProfileRequest']>;
export type OwnVlProfileRequest = Json<operations['fileVlProfileRequest'], 201>;
export type OperatorVlProfileRequest = Json<operations['getOperatorVlProfileRequest'], 200>;
export type VlProfilePrecheck = OperatorVlProfileRequest['prechecks'][number];

/** The caller's own list (the page pages it under this prefix). */
const ownKey = ['vl-profile-requests'] as const;
const operatorKey = (id: number) => ['operator-vl-profile-request', id] as const;

export function useFileVlProfileRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FileVlProfileRequestBody) => call(api.POST('/api/v1/vl-profile-requests', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ownKey }),
  });
}

export function useOperatorVlProfileRequest(supportRequestId: number) {
  // Always fresh: the pre-checks are run again on every read.
  return useQuery({
    queryKey: operatorKey(supportRequestId),
    queryFn: () =>
      call(
        api.GET('/api/v1/operator/vl-profile-requests/{supportRequestId}', {
          params: { path: { supportRequestId } },
        }),
      ),
    staleTime: 0,
  });
}

/** Approve, or reject with a reason; the answer is the request as it is now. Support-queue views refresh too. */
export function useDecideVlProfileRequest(supportRequestId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: { approve: true } | { approve: false; reason: string }) =>
      decision.approve
        ? call(
            api.POST('/api/v1/operator/vl-profile-requests/{supportRequestId}/approve', {
              params: { path: { supportRequestId } },
            }),
          )
        : call(
            api.POST('/api/v1/operator/vl-profile-requests/{supportRequestId}/reject', {
              params: { path: { supportRequestId } },
              body: { reason: decision.reason },
            }),
          ),
    onSuccess: (request) => {
      queryClient.setQueryData(operatorKey(supportRequestId), request);
      // The support request was resolved with the decision: the operator's queue and request page (state, closing
      // message) and the requester's own list show it.
      void queryClient.invalidateQueries({ queryKey: operatorSupportKey });
      void queryClient.invalidateQueries({ queryKey: ownSupportKey });
    },
  });
}
