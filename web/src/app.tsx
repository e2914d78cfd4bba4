import { FluentProvider, makeStaticStyles, webLightTheme } from '@fluentui/react-components';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { isApiProblem } from './api/client';
import { forgetSession } from './api/session';
import { AppToaster } from './components/notifications';
import { EitherFrame, SignedInLayout } from './components/session-routes';
import { I18nProvider } from './i18n/i18n';
import { PublicFrame } from './components/frames';
import { Loading } from './components/page-states';
import { useStackedTablesOnPhones } from './components/phone-layout';
import { ComingSoonPage } from './pages/coming-soon/coming-soon-page';
import { HomePage } from './pages/home/home-page';
import { NotFoundPage } from './pages/not-found/not-found-page';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { VolumeLicensingPage } from './pages/volume-licensing/volume-licensing-page';

// Code splitting: the shell, sign-in and the landing page after sign-in are in the main chunk; every page below
// gets its own chunk, fetched the first time it is visited. The `.then` picks the named export React.lazy needs.
const DomainsPage = lazy(() => import('./pages/domains/domains-page').then((m) => ({ default: m.DomainsPage })));
const InvitationPage = lazy(() =>
  import('./pages/invitation/invitation-page').then((m) => ({ default: m.InvitationPage })),
);
const NewOrganizationPage = lazy(() =>
  import('./pages/sign-up/new-organization-page').then((m) => ({ default: m.NewOrganizationPage })),
);
const SignUpPage = lazy(() => import('./pages/sign-up/sign-up-page').then((m) => ({ default: m.SignUpPage })));
const OperatorTenantPage = lazy(() =>
  import('./pages/operator/operator-pages').then((m) => ({ default: m.OperatorTenantPage })),
);
const OperatorTenantsPage = lazy(() =>
  import('./pages/operator/operator-pages').then((m) => ({ default: m.OperatorTenantsPage })),
);
const OperatorOrganizationsPage = lazy(() =>
  import('./pages/operator/organizations-page').then((m) => ({ default: m.OperatorOrganizationsPage })),
);
const OperatorPartnerPage = lazy(() =>
  import('./pages/operator/partners-page').then((m) => ({ default: m.OperatorPartnerPage })),
);
const OperatorPartnersPage = lazy(() =>
  import('./pages/operator/partners-page').then((m) => ({ default: m.OperatorPartnersPage })),
);
const OperatorProgramsPage = lazy(() =>
  import('./pages/operator/programs-page').then((m) => ({ default: m.OperatorProgramsPage })),
);
const TakeoverPage = lazy(() => import('./pages/takeover/takeover-page').then((m) => ({ default: m.TakeoverPage })));
const UsersPage = lazy(() => import('./pages/users/users-page').then((m) => ({ default: m.UsersPage })));
const RoleAssignmentsPage = lazy(() =>
  import('./pages/role-assignments/role-assignments-page').then((m) => ({ default: m.RoleAssignmentsPage })),
);
const AssignUsersPage = lazy(() =>
  import('./pages/role-assignments/assign-users-page').then((m) => ({ default: m.AssignUsersPage })),
);
const AccessCheckPage = lazy(() =>
  import('./pages/access-check/access-check-page').then((m) => ({ default: m.AccessCheckPage })),
);
const SupportPage = lazy(() => import('./pages/support/support-page').then((m) => ({ default: m.SupportPage })));
const NewSupportRequestPage = lazy(() =>
  import('./pages/support/new-request-page').then((m) => ({ default: m.NewSupportRequestPage })),
);
const SupportRequestPage = lazy(() =>
  import('./pages/support/support-request-page').then((m) => ({ default: m.SupportRequestPage })),
);
const ContactSupportPage = lazy(() =>
  import('./pages/support/contact-page').then((m) => ({ default: m.ContactSupportPage })),
);
const OperatorSupportQueuePage = lazy(() =>
  import('./pages/operator/support-queue-page').then((m) => ({ default: m.OperatorSupportQueuePage })),
);
const OperatorSupportRequestPage = lazy(() =>
  import('./pages/operator/support-request-page').then((m) => ({ default: m.OperatorSupportRequestPage })),
);
const VlProfileRequestPage = lazy(() =>
  import('./pages/vl-profile-request/vl-profile-request-page').then((m) => ({ default: m.VlProfileRequestPage })),
);
const AuditLogPage = lazy(() => import('./pages/audit-log/audit-log-page').then((m) => ({ default: m.AuditLogPage })));
const VlPreferencesPage = lazy(() =>
  import('./pages/vl-preferences/vl-preferences-page').then((m) => ({ default: m.VlPreferencesPage })),
);
const ContractDetailsPage = lazy(() =>
  import('./pages/contracts/contract-details-page').then((m) => ({ default: m.ContractDetailsPage })),
);
const OrdersPage = lazy(() => import('./pages/contracts/orders-page').then((m) => ({ default: m.OrdersPage })));
const LicenseSummaryPage = lazy(() =>
  import('./pages/contracts/license-summary-page').then((m) => ({ default: m.LicenseSummaryPage })),
);
const ProductsPage = lazy(() => import('./pages/products/products-page').then((m) => ({ default: m.ProductsPage })));
const DownloadsPage = lazy(() => import('./pages/products/downloads-page').then((m) => ({ default: m.DownloadsPage })));
const ProductKeysPage = lazy(() =>
  import('./pages/products/product-keys-page').then((m) => ({ default: m.ProductKeysPage })),
);
const LicenseSummaryReportPage = lazy(() =>
  import('./pages/contracts/license-summary-page').then((m) => ({ default: m.LicenseSummaryReportPage })),
);

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
  // Fluent's table cells have no room above and below: a cell of several lines (roles per License ID, audit details)
  // would touch the row's borders.
  '.fui-TableCell': { paddingBlock: '6px' },
});

export function App() {
  useGlobalStyles();
  useStackedTablesOnPhones();
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

const loading = <Loading />;

/** Layout route that shows `fallback` (a labelled spinner) while a lazy page's chunk is on its way. */
function PageSuspense({ fallback }: { fallback: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <Outlet />
    </Suspense>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      {/* Sign-up pages draw their own public frame: while one loads, the spinner gets the frame. */}
      <Route element={<PageSuspense fallback={<PublicFrame>{loading}</PublicFrame>} />}>
        <Route path="/sign-up" element={<SignUpPage />} />
        <Route path="/sign-up/organization" element={<NewOrganizationPage />} />
      </Route>
      {/* For people who cannot sign in; in the admin frame for those who can. */}
      <Route
        path="/contact-support"
        element={
          <EitherFrame>
            <Suspense fallback={loading}>
              <ContactSupportPage />
            </Suspense>
          </EitherFrame>
        }
      />
      <Route
        path="/invitations/:token"
        element={
          <EitherFrame>
            <Suspense fallback={loading}>
              <InvitationPage />
            </Suspense>
          </EitherFrame>
        }
      />
      <Route element={<SignedInLayout />}>
        {/* Inside the shell: while a page's chunk loads, the navigation stays and the spinner fills the main area. */}
        <Route element={<PageSuspense fallback={loading} />}>
          <Route index element={<HomePage />} />
          <Route path="volume-licensing" element={<VolumeLicensingPage />} />
          <Route path="volume-licensing/role-assignments" element={<RoleAssignmentsPage />} />
          <Route path="volume-licensing/role-assignments/assign" element={<AssignUsersPage />} />
          <Route path="volume-licensing/preferences" element={<VlPreferencesPage />} />
          <Route path="volume-licensing/access-check" element={<AccessCheckPage />} />
          <Route path="volume-licensing/vl-profile-request" element={<VlProfileRequestPage />} />
          <Route path="volume-licensing/audit-log" element={<AuditLogPage console="volume-licensing" />} />
          <Route path="volume-licensing/contracts/:licenseIdNumber" element={<ContractDetailsPage />} />
          <Route path="volume-licensing/orders" element={<OrdersPage />} />
          <Route path="volume-licensing/license-summary" element={<LicenseSummaryPage />} />
          <Route path="volume-licensing/products" element={<ProductsPage />} />
          <Route path="volume-licensing/products/:licenseIdNumber/downloads" element={<DownloadsPage />} />
          <Route path="volume-licensing/products/:licenseIdNumber/keys" element={<ProductKeysPage />} />
          <Route path="volume-licensing/license-summary/reports/:reportId" element={<LicenseSummaryReportPage />} />
          <Route path="billing/products" element={<ComingSoonPage title="nav.yourProducts" />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="domains" element={<DomainsPage />} />
          <Route path="takeover" element={<TakeoverPage />} />
          <Route path="support" element={<SupportPage />} />
          <Route path="support/new" element={<NewSupportRequestPage />} />
          <Route path="support/requests/:id" element={<SupportRequestPage />} />
          <Route path="operator/support" element={<OperatorSupportQueuePage />} />
          <Route path="operator/support/:id" element={<OperatorSupportRequestPage />} />
          <Route path="operator" element={<OperatorTenantsPage />} />
          <Route path="operator/tenants/:id" element={<OperatorTenantPage />} />
          <Route path="operator/organizations" element={<OperatorOrganizationsPage />} />
          <Route path="operator/partners" element={<OperatorPartnersPage />} />
          <Route path="operator/partners/:id" element={<OperatorPartnerPage />} />
          <Route path="operator/programs" element={<OperatorProgramsPage />} />
          <Route path="operator/audit-log" element={<AuditLogPage console="operator" />} />
        </Route>
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
