import { FluentProvider, makeStaticStyles, webLightTheme } from '@fluentui/react-components';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { isApiProblem } from './api/client';
import { forgetSession } from './api/session';
import { AppToaster } from './components/notifications';
import { EitherFrame, SignedInLayout } from './components/session-routes';
import { I18nProvider } from './i18n/i18n';
import { ComingSoonPage } from './pages/coming-soon/coming-soon-page';
import { DomainsPage } from './pages/domains/domains-page';
import { HomePage } from './pages/home/home-page';
import { InvitationPage } from './pages/invitation/invitation-page';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { NewOrganizationPage } from './pages/sign-up/new-organization-page';
import { SignUpPage } from './pages/sign-up/sign-up-page';
import { OperatorTenantPage, OperatorTenantsPage } from './pages/operator/operator-pages';
import { OperatorOrganizationsPage } from './pages/operator/organizations-page';
import { OperatorPartnerPage, OperatorPartnersPage } from './pages/operator/partners-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { TakeoverPage } from './pages/takeover/takeover-page';
import { UsersPage } from './pages/users/users-page';
import { VolumeLicensingPage } from './pages/volume-licensing/volume-licensing-page';

// A session that expires or is revoked mid-use answers 401; forgetting it sends the user to sign in.
// A wrong password at sign-in is also a 401, but the user is already on the right page.
function onApiError(error: unknown): void {
  if (isApiProblem(error) && error.status === 401 && error.code !== 'auth.invalid_credentials') {
    forgetSession(queryClient);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will answer the same again; only network trouble and 5xx are worth retrying.
      retry: (failureCount, error) =>
        failureCount < 2 && !(isApiProblem(error) && error.status >= 400 && error.status < 500),
    },
  },
});

const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
});

export function App() {
  useGlobalStyles();
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        {/* No className here: Fluent copies the provider's classes onto every portal's mount node. */}
        <FluentProvider theme={webLightTheme}>
          <BrowserRouter>
            <AppToaster />
            <AppRoutes />
          </BrowserRouter>
        </FluentProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route path="/sign-up/organization" element={<NewOrganizationPage />} />
      <Route
        path="/invitations/:token"
        element={
          <EitherFrame>
            <InvitationPage />
          </EitherFrame>
        }
      />
      <Route element={<SignedInLayout />}>
        <Route index element={<HomePage />} />
        <Route path="volume-licensing" element={<VolumeLicensingPage />} />
        <Route path="billing/products" element={<ComingSoonPage title="nav.yourProducts" />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="domains" element={<DomainsPage />} />
        <Route path="takeover" element={<TakeoverPage />} />
        <Route path="support" element={<ComingSoonPage title="nav.support" />} />
        <Route path="operator" element={<OperatorTenantsPage />} />
        <Route path="operator/tenants/:id" element={<OperatorTenantPage />} />
        <Route path="operator/organizations" element={<OperatorOrganizationsPage />} />
        <Route path="operator/partners" element={<OperatorPartnersPage />} />
        <Route path="operator/partners/:id" element={<OperatorPartnerPage />} />
      </Route>
      <Route
        path="*"
        element={
          <EitherFrame>
            <NotFoundPage />
          </EitherFrame>
        }
      />
    </Routes>
  );
}
