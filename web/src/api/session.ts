import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, isApiProblem, setCsrfToken, type Me, type Preferences } from './client';

export const meQueryKey = ['me'] as const;

/** `null` means signed out: GET /me answers 401 then, which is an answer, not a failure. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(api.GET('/api/v1/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiProblem(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe });
}

/** Any later 401 `auth.required` (expired or revoked session) flips the app to signed out, which redirects. */
export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
  queryClient.setQueryData<Me | null>(meQueryKey, null);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) => call(api.POST('/api/v1/auth/sign-in', { body })),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      // A previous user's cached answers must never show to the next one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData<Me | null>(meQueryKey, me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/sign-out')),
    // Signed out locally even if the server call failed: the user asked to leave.
    onSettled: () => forgetSession(queryClient),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    // One at a time, so quick pin clicks reach the server in the order the user made them.
    mutationKey: ['preferences'],
    scope: { id: 'preferences' },
    mutationFn: (change: Partial<Preferences>) => call(api.PUT('/api/v1/me/preferences', { body: change })),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: meQueryKey });
      const previous = queryClient.getQueryData<Me | null>(meQueryKey);
      if (previous) {
        const optimistic: Me = { ...previous, preferences: { ...previous.preferences, ...change } };
        queryClient.setQueryData<Me | null>(meQueryKey, optimistic);
      }
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous === undefined) return;
      // Roll back, unless the failure was the session ending (me is null now): that must stay signed out.
      queryClient.setQueryData<Me | null>(meQueryKey, (current) => (current === null ? null : context.previous));
    },
    onSuccess: (preferences) => {
      // A later queued change is already shown optimistically; this older answer would undo it for a moment.
      if (queryClient.isMutating({ mutationKey: ['preferences'] }) > 1) return;
      queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, preferences } : me));
    },
  });
}
