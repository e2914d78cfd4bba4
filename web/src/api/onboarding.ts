// Invitation landing and redemption (SPEC §5). The contracts list itself is in ./contracts.ts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, call } from './client';
import type { paths } from './schema';

export type InvitationLanding =
  paths['/api/v1/invitations/{token}']['get']['responses'][200]['content']['application/json'];
export type Registration =
  paths['/api/v1/invitations/{token}/redeem']['post']['responses'][200]['content']['application/json'];
export type VlRole = InvitationLanding['roles'][number];

/** A registration refusal: the problem code plus the extension members some codes carry. */
export class RedeemRefusal extends ApiProblem {
  readonly domain: string | undefined;
  readonly cloud: string | undefined;
  readonly signInUrl: string | undefined;
  readonly redeemedByYou: boolean | undefined;
  readonly boundSignInId: string | undefined;

  constructor(problem: ApiProblem, body: Record<string, unknown>) {
    super(problem);
    const text = (name: string) => (typeof body[name] === 'string' ? body[name] : undefined);
    this.domain = text('domain');
    this.cloud = text('cloud');
    this.signInUrl = text('signInUrl');
    this.redeemedByYou = typeof body['redeemedByYou'] === 'boolean' ? body['redeemedByYou'] : undefined;
    this.boundSignInId = text('boundSignInId');
  }
}

export const invitationQueryKey = (token: string) => ['invitation', token] as const;
export const contractsQueryKey = ['contracts'] as const;

/** GET changes nothing on the server: opening the page never redeems. */
export function useInvitation(token: string) {
  return useQuery({
    queryKey: invitationQueryKey(token),
    queryFn: () => call(api.GET('/api/v1/invitations/{token}', { params: { path: { token } } })),
  });
}

async function redeem(token: string): Promise<Registration> {
  let result;
  try {
    result = await api.POST('/api/v1/invitations/{token}/redeem', { params: { path: { token } } });
  } catch (cause) {
    throw new ApiProblem({ status: 0, code: 'network', title: String(cause) });
  }
  if (result.response.ok && result.data) return result.data;
  const body: unknown = result.error;
  const problem = ApiProblem.fromResponse(result.response, body);
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  throw problem.code.startsWith('registration.') ? new RedeemRefusal(problem, record) : problem;
}

export function useRedeemInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => redeem(token),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: contractsQueryKey });
      void queryClient.invalidateQueries({ queryKey: invitationQueryKey(token) });
    },
  });
}

export function isRedeemRefusal(error: unknown): error is RedeemRefusal {
  return error instanceof RedeemRefusal;
}
