// "Why can't I see volume licensing?" (SPEC §10): the signed-in user's access check.
import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import type { components } from './schema';

export type AccessCheck = components['schemas']['AccessCheck'];
export type AccessFinding = AccessCheck['findings'][number];

export function useAccessCheck() {
  // Always fresh: people open this page right after changing something (a takeover, a registration).
  return useQuery({ queryKey: ['access-check'], queryFn: () => call(api.GET('/api/v1/access-check')), staleTime: 0 });
}
