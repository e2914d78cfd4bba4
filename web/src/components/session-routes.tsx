import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/session';
import { AppFrame, PublicFrame } from './frames';
import { LoadError, Loading } from './page-states';

export const homeAfterSignIn = '/volume-licensing';

/**
 * Only same-origin paths may be a `next` target; anything else (`//evil.example`, `https://…`, `/\evil`)
 * would turn the sign-in page into an open redirect.
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return homeAfterSignIn;
  if (next === '/sign-in' || next.startsWith('/sign-in?')) return homeAfterSignIn;
  return next;
}

function SignInRedirect() {
  const location = useLocation();
  const next = `${location.pathname}${location.search}${location.hash}`;
  return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
}

/** Layout route for every page that needs a signed-in user. */
export function SignedInLayout() {
  const me = useMe();
  if (me.data) {
    return (
      <AppFrame me={me.data}>
        <Outlet />
      </AppFrame>
    );
  }
  if (me.data === null) return <SignInRedirect />;
  return <SessionPending error={me.isError ? me.error : null} onRetry={() => void me.refetch()} />;
}

/** A page anyone may see: in the admin frame when signed in, in the public frame otherwise. */
export function EitherFrame({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.data) return <AppFrame me={me.data}>{children}</AppFrame>;
  if (me.data === null) return <PublicFrame>{children}</PublicFrame>;
  return <SessionPending error={me.isError ? me.error : null} onRetry={() => void me.refetch()} />;
}

function SessionPending({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return <PublicFrame>{error ? <LoadError error={error} onRetry={onRetry} /> : <Loading />}</PublicFrame>;
}
