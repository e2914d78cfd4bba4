// Contracts and reports (SPEC §7): the contracts list with its filters, a License ID's details, orders and the
// license summary. CSV exports are plain links to the export routes (a GET with the same query string): the browser
// downloads the streamed file itself, so 100,000 rows never pass through the page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call } from './client';
import { notificationsQueryKey } from './notifications';
import { contractsQueryKey } from './onboarding';
import type { operations } from './schema';

type Json<Operation, Status extends number> = Operation extends {
  responses: Record<Status, { content: { 'application/json': infer Body } }>;
}
  ? Body
  : never;

export type ContractRow = Json<operations['listContracts'], 200>['items'][number];
export type ContractDetails = Json<operations['getContract'], 200>;
export type Order = Json<operations['listOrders'], 200>['items'][number];
export type LicenseSummary = Json<operations['licenseSummary'], 200>;
export type SummaryReport = Json<operations['getLicenseSummaryReport'], 200>;
export type LicenseIdStatus = ContractRow['status'];
export type Cloud = ContractRow['cloud'];

export const licenseIdStatuses: readonly LicenseIdStatus[] = ['active', 'expired', 'terminated'];
export const clouds: readonly Cloud[] = ['public', 'gov-high', 'defense'];

/** The contracts list's filters, as in the page's query string and the API's (License ID numbers comma-separated). */
export type ContractFilters = {
  programId?: string;
  status?: LicenseIdStatus;
  endFrom?: string;
  endTo?: string;
  organization?: string;
  cloud?: Cloud;
  licenseIdNumbers?: string;
};

export type OrderSort = 'ordered-on-desc' | 'ordered-on-asc';

export type OrderFilters = {
  licenseIdNumbers?: string;
  sort?: OrderSort;
  orderedFrom?: string;
  orderedTo?: string;
  q?: string;
};

/** `?a=1&b=2` for the set values only (an empty query string when none is set). */
function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const contractsExportUrl = (filters: ContractFilters) => `/api/v1/contracts/export${queryString(filters)}`;
export const ordersExportUrl = (filters: OrderFilters) => `/api/v1/orders/export${queryString(filters)}`;
/** The license summary of `licenseIdNumbers` (or, without them, of all the person's License IDs) as CSV. */
export const licenseSummaryExportUrl = (licenseIdNumbers?: readonly string[]) =>
  `/api/v1/license-summary/export${queryString({ licenseIdNumbers: licenseIdNumbers?.join(',') })}`;
export const summaryReportExportUrl = (reportId: string) =>
  `/api/v1/license-summary/reports/${encodeURIComponent(reportId)}/export`;

/** Under `['contracts']`, so that a role change (which invalidates that prefix) refreshes it. */
export function useContractPages(filters: ContractFilters) {
  return useCursorPages<ContractRow>({
    queryKey: [...contractsQueryKey, 'list', filters],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/contracts', { params: { query: { ...filters, cursor, limit } } })),
  });
}

/**
 * The programs the caller's License IDs belong to, for the program filter: there is no program list for customers,
 * and a program none of their License IDs is on would only ever filter to nothing. Read from the first 200 contracts.
 */
export function useContractPrograms() {
  return useQuery({
    queryKey: [...contractsQueryKey, 'programs'],
    queryFn: async () => {
      const page = await call(api.GET('/api/v1/contracts', { params: { query: { limit: 200 } } }));
      const programs = new Map<string, string>();
      for (const contract of page.items) programs.set(contract.programId, contract.programName);
      return [...programs].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

export function useContractDetails(licenseIdNumber: string) {
  return useQuery({
    queryKey: [...contractsQueryKey, 'details', licenseIdNumber],
    queryFn: () => call(api.GET('/api/v1/contracts/{licenseIdNumber}', { params: { path: { licenseIdNumber } } })),
  });
}

export function useOrderPages(filters: OrderFilters) {
  return useCursorPages<Order>({
    queryKey: ['orders', filters],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/orders', { params: { query: { ...filters, cursor, limit } } })),
  });
}

/** The most License IDs the server summarizes at once; more become a report (SPEC §7). */
export const summaryAtOnceMax = 1000;

/**
 * A read, though a POST (many License IDs do not fit a query string): cached per selection. Only for selections the
 * server answers at once — a larger one would queue a report on every refetch; ask for those with useStartSummaryReport.
 */
export function useLicenseSummary(licenseIdNumbers: string[]) {
  return useQuery({
    queryKey: ['license-summary', licenseIdNumbers],
    queryFn: async () => {
      const answer = await call(api.POST('/api/v1/license-summary', { body: { licenseIdNumbers } }));
      if (!('items' in answer)) throw new Error('the server queued a report for a selection it should answer at once');
      return answer;
    },
    enabled: licenseIdNumbers.length > 0 && licenseIdNumbers.length <= summaryAtOnceMax,
  });
}

const reportsQueryKey = ['license-summary', 'reports'] as const;

/**
 * The license summary of all the caller's License IDs: answered at once (`summary`) up to 1,000 of them, else a report
 * is queued (`report`) and the person is told when it is ready. A button's action, so it runs once per click.
 */
export function useSummarizeAll() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const answer = await call(api.POST('/api/v1/license-summary', { body: { allLicenseIds: true } }));
      return 'report' in answer ? { report: answer.report } : { summary: answer };
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: reportsQueryKey }),
  });
}

export function useSummaryReports() {
  return useQuery({
    queryKey: reportsQueryKey,
    queryFn: () => call(api.GET('/api/v1/license-summary/reports')),
  });
}

/**
 * One report; asked again every few seconds while it is being computed. When it is first seen finished, the bell is
 * asked too, so its notice shows at once rather than at the bell's next minute.
 */
export function useSummaryReport(reportId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...reportsQueryKey, reportId],
    queryFn: async () => {
      const before = queryClient.getQueryData<SummaryReport>([...reportsQueryKey, reportId]);
      const report = await call(
        api.GET('/api/v1/license-summary/reports/{reportId}', { params: { path: { reportId } } }),
      );
      if (report.state !== 'queued' && before?.state !== report.state)
        void queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
      return report;
    },
    refetchInterval: (query) => (query.state.data?.state === 'queued' ? 5_000 : false),
  });
}
