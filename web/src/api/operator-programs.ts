// Licensing programs in the operator console (SPEC §3): programs are data — their enterprise style decides how users
// are onboarded, their catalog visibility which products are offered.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call } from './client';
import type { components } from './schema';

export type Program = components['schemas']['Program'];
type CreateProgramInput = {
  id: string;
  name: string;
  enterpriseStyle: boolean;
  catalogVisibility: Program['catalogVisibility'];
};
type UpdateProgramInput = Partial<Pick<Program, 'name' | 'catalogVisibility' | 'enterpriseStyle'>>;

const programsKey = ['operator', 'programs'] as const;

export function usePrograms() {
  return useCursorPages({
    queryKey: [...programsKey, 'pages'],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/operator/programs', { params: { query: { cursor, limit } } })),
  });
}

export function useCreateProgram() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProgramInput) => call(api.POST('/api/v1/operator/programs', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programsKey }),
  });
}

export function useUpdateProgram() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateProgramInput }) =>
      call(api.PATCH('/api/v1/operator/programs/{id}', { params: { path: { id } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: programsKey }),
  });
}
