// Contracts and reports end to end (SPEC §7): a VL administrator of three License IDs filters the contracts list
// (the filters live in the address), downloads the filtered and the selected rows as CSV, opens a contract's details
// and its Offerings, Contacts and Tenants tabs, reads its orders with their lines, and the license summary of a
// selection, and a keys page with keys still owed. axe checks every page.
//
// The world is made through the same paths as production: the demo partner creates the License IDs and orders through
// the partner API, naming a person of a tenant of this spec's own as Primary contact, who registers from the welcome
// e-mails. The demo accounts' own License IDs are left alone (other specs count them).
// VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and Dutch) under <outputDir>/screens.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  downloadCsv,
  expectNoSeriousAxeViolations,
  invitationPath,
  screenshots,
  type Session,
  post,
  contosoOrganizationId,
} from './helpers.js';

const PARTNER = 'partner@northwind.example';
const PASSWORD = 'Contracts-Password-2026';
const INITIAL_NAME = 'contractse2e';
const USER = `dana@${INITIAL_NAME}.onvlcenter.example`;
const CONTACT_EMAIL = 'dana.licensing@contoso.example';
const SELECT_PLUS = 'E2E-CT-3001';
const OPEN_VALUE = 'E2E-CT-3002';
const SECOND_SELECT_PLUS = 'E2E-CT-3003';

async function apiSession(login: string, password: string): Promise<Session | null> {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const response = await api.post('/api/v1/auth/sign-in', { data: { login, password } });
  if (response.status() !== 200) {
    await api.dispose();
    return null;
  }
  const me = (await response.json()) as { csrfToken: string };
  return { api, csrf: me.csrfToken };
}

type Line = {
  partNumber: string;
  product: string;
  productFamily: string;
  version: string;
  pool: 'applications' | 'systems' | 'servers';
  licenseType: 'license' | 'license+sa' | 'sa' | 'sa-step-up' | 'subscription';
  quantity: number;
  country: string;
};
const office = (quantity: number): Line => ({
  partNumber: '79P-06015',
  product: 'Office LTSC Professional Plus',
  productFamily: 'Office',
  version: '2024',
  pool: 'applications',
  licenseType: 'license+sa',
  quantity,
  country: 'US',
});

/**
 * The world: a tenant of its own whose administrator is the Primary contact (by a business e-mail) of three Contoso
 * License IDs — two Select Plus, one Open Value — with three orders, and registers from the welcome e-mails.
 */
test.beforeAll(async () => {
  // A worker restarted after a failure finds the world already made.
  const existing = await apiSession(USER, PASSWORD);
  if (existing) {
    await existing.api.dispose();
    return;
  }
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const created = await anonymous.post('/api/v1/tenants', {
    data: {
      organizationName: 'Contracts E2E',
      initialName: INITIAL_NAME,
      adminUserName: 'dana',
      adminDisplayName: 'Dana Licensing',
      password: PASSWORD,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  expect(((await created.json()) as { signInName: string }).signInName).toBe(USER);

  const partner = (await apiSession(PARTNER, DEMO_PASSWORD))!;
  const contosoId = await contosoOrganizationId(partner);
  const licenseIds: [string, string, string][] = [
    [SELECT_PLUS, 'select-plus', '2029-12-31'],
    [OPEN_VALUE, 'open-value', '2027-06-30'],
    [SECOND_SELECT_PLUS, 'select-plus', '2028-03-31'],
  ];
  for (const [number, programId, endDate] of licenseIds) {
    await post(partner, '/api/v1/partner/license-ids', {
      number,
      organizationId: contosoId,
      programId,
      cloud: 'public',
      startDate: '2026-01-01',
      endDate,
      contacts: [
        { kind: 'primary', name: 'Dana Licensing', email: CONTACT_EMAIL },
        { kind: 'bill-to', name: 'Contoso Accounts Payable', email: 'ap@contoso.example' },
      ],
    });
  }
  const orders: [string, string, string, Line[]][] = [
    [
      SELECT_PLUS,
      'PO-CT-1001',
      '2026-02-10',
      [
        office(50),
        {
          partNumber: '9EA-00278',
          product: 'Windows Server Datacenter',
          productFamily: 'Windows Server',
          version: '2025',
          pool: 'servers',
          licenseType: 'license',
          quantity: 10,
          country: 'US',
        },
      ],
    ],
    [
      SELECT_PLUS,
      'PO-CT-1002',
      '2026-06-01',
      [
        office(20),
        {
          partNumber: '228-04433',
          product: 'SQL Server Standard',
          productFamily: 'SQL Server',
          version: '2022',
          pool: 'servers',
          licenseType: 'license+sa',
          quantity: 4,
          country: 'US',
        },
      ],
    ],
    [
      OPEN_VALUE,
      'PO-CT-2001',
      '2026-09-15',
      [
        {
          partNumber: 'KV3-00353',
          product: 'Windows 11 Enterprise',
          productFamily: 'Windows',
          version: '24H2',
          pool: 'systems',
          licenseType: 'license+sa',
          quantity: 100,
          country: 'NL',
        },
      ],
    ],
  ];
  for (const [licenseIdNumber, partnerOrderNumber, orderedOn, lines] of orders) {
    await post(partner, '/api/v1/partner/orders', { licenseIdNumber, partnerOrderNumber, orderedOn, lines });
  }
  await partner.api.dispose();

  // Registering with one invitation brings the others along (same business e-mail): then 409 "by you".
  const user = (await apiSession(USER, PASSWORD))!;
  for (const [number] of licenseIds) {
    const path = await invitationPath(anonymous, CONTACT_EMAIL, number);
    const response = await user.api.post(`/api/v1${path}/redeem`, { headers: { 'x-csrf-token': user.csrf } });
    const body = (await response.json()) as { redeemedByYou?: boolean };
    expect(response.status() === 200 || body.redeemedByYou === true, JSON.stringify(body)).toBe(true);
  }
  await user.api.dispose();
  await anonymous.dispose();
});

/** Signs in (English, whatever an earlier run left in the preferences) and lands on Volume licensing. */
async function signIn(page: Page): Promise<void> {
  const session = (await apiSession(USER, PASSWORD))!;
  await session.api.put('/api/v1/me/preferences', {
    data: { locale: 'en' },
    headers: { 'x-csrf-token': session.csrf },
  });
  await session.api.dispose();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(USER);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('textbox', { name: 'Password' }).press('Enter');
  await expect(page).toHaveURL(/\/volume-licensing$/);
}

/** Clicks a download link and answers the downloaded file's text (without the UTF-8 byte order mark). */
const table = (page: Page) => page.getByRole('table', { name: 'Your agreements' });
const rowOf = (page: Page, licenseIdNumber: string) =>
  table(page).getByRole('row').filter({ hasText: licenseIdNumber });

test('filter the contracts, export them as CSV and summarize a selection', async ({ page }) => {
  // Downloads, axe on every page and screenshots in two languages: more than the default minute.
  test.setTimeout(180_000);
  await signIn(page);
  await expect(rowOf(page, SELECT_PLUS)).toContainText('Contoso Ltd');
  await expect(rowOf(page, SELECT_PLUS)).toContainText('Select Plus');
  await expect(rowOf(page, SELECT_PLUS)).toContainText('Administrator');
  await expect(rowOf(page, SELECT_PLUS)).toContainText('Single administrator');
  // Nearest end date first.
  const order = await table(page).getByRole('row').allInnerTexts();
  const position = (number: string) => order.findIndex((text) => text.includes(number));
  expect(position(OPEN_VALUE)).toBeLessThan(position(SECOND_SELECT_PLUS));
  expect(position(SECOND_SELECT_PLUS)).toBeLessThan(position(SELECT_PLUS));
  // Beside the navigation on a 1280-pixel screen every row's links are in sight: the table does not scroll sideways.
  const tableFits = await table(page).evaluate((element) => {
    const frame = element.parentElement!;
    return frame.scrollWidth <= frame.clientWidth;
  });
  expect(tableFits, 'the contracts table fits its frame').toBe(true);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contracts');

  // Filter by program: the address keeps it, so a reload shows the same list.
  const filters = page.getByRole('search', { name: 'Filter contracts' });
  await filters.getByRole('combobox', { name: 'Program' }).selectOption({ label: 'Open Value' });
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/programId=open-value/);
  await expect(rowOf(page, SELECT_PLUS)).toHaveCount(0);
  await expect(rowOf(page, OPEN_VALUE)).toHaveCount(1);
  await page.reload();
  await expect(rowOf(page, OPEN_VALUE)).toHaveCount(1);
  await expect(rowOf(page, SELECT_PLUS)).toHaveCount(0);
  await expect(filters.getByRole('combobox', { name: 'Program' })).toHaveValue('open-value');

  // Export to CSV downloads what the filters show.
  const filtered = await downloadCsv(page, 'Export to CSV');
  const [header, ...records] = filtered.trimEnd().split('\r\n');
  expect(header).toBe(
    'License ID,Organization,Location,Program,Parent agreement,Cloud,Start date,End date,Status,Your roles',
  );
  expect(records.some((record) => record.startsWith(`${OPEN_VALUE},Contoso Ltd,`))).toBe(true);
  expect(filtered).not.toContain(SELECT_PLUS);

  // End date range and organization, typed; Clear filters brings everything back.
  await filters.getByRole('combobox', { name: 'Program' }).selectOption({ label: 'All programs' });
  await filters.getByRole('textbox', { name: 'End date from' }).fill('2028-01-01');
  await filters.getByRole('textbox', { name: 'End date to' }).fill('2028-12-31');
  await filters.getByRole('textbox', { name: 'Organization' }).fill('contoso');
  await filters.getByRole('textbox', { name: 'Organization' }).press('Enter');
  await expect(page).toHaveURL(/endFrom=2028-01-01/);
  await expect(rowOf(page, SECOND_SELECT_PLUS)).toHaveCount(1);
  await expect(rowOf(page, SELECT_PLUS)).toHaveCount(0);
  await expect(rowOf(page, OPEN_VALUE)).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/volume-licensing$/);
  await expect(rowOf(page, SELECT_PLUS)).toHaveCount(1);

  // Select two rows (keyboard: Space on a checkbox): export the selection, then its license summary.
  await table(page)
    .getByRole('checkbox', { name: `Select License ID ${SELECT_PLUS}` })
    .check();
  await table(page)
    .getByRole('checkbox', { name: `Select License ID ${OPEN_VALUE}` })
    .focus();
  await page.keyboard.press('Space');
  await expect(table(page).getByRole('checkbox', { name: `Select License ID ${OPEN_VALUE}` })).toBeChecked();
  await expect(page.getByText('2 selected')).toBeVisible();
  const selected = await downloadCsv(page, 'Export selected to CSV');
  expect(selected).toContain(`${SELECT_PLUS},`);
  expect(selected).toContain(`${OPEN_VALUE},`);
  expect(selected).not.toContain(SECOND_SELECT_PLUS);
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('link', { name: 'License summary', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('License summary');
  const summary = page.getByRole('table', { name: 'License summary' });
  // Office: 50 + 20 with SA; Windows Server: 10 without; Windows: 100 with SA on the Open Value License ID.
  await expect(summary.getByRole('row').filter({ hasText: 'Office' })).toContainText(/2024\s*Applications\s*70\s*70/);
  await expect(summary.getByRole('row').filter({ hasText: 'Windows Server' })).toContainText(/2025\s*Servers\s*10\s*0/);
  await expect(summary.getByRole('row').filter({ hasText: '24H2' })).toContainText(/Systems\s*100\s*100/);
  // The same figures as CSV, for a spreadsheet.
  const summaryCsv = await downloadCsv(page, 'Export to CSV');
  expect(summaryCsv).toContain('Product family,Version,Pool,Effective quantity,Active Software Assurance quantity\r\n');
  expect(summaryCsv).toContain('Office,2024,applications,70,70\r\n');
  expect(summaryCsv).toContain('Windows Server,2025,servers,10,0\r\n');
  expect(summaryCsv).toContain('Windows,24H2,systems,100,100\r\n');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'license-summary');
});

test('a contract’s details, its tabs, and a clear answer for one that is not there', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await rowOf(page, SELECT_PLUS)
    .getByRole('link', { name: `Details of License ID ${SELECT_PLUS}` })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`License ID ${SELECT_PLUS}`);
  await expect(page.getByRole('definition').filter({ hasText: 'Northwind Licensing' })).toBeVisible();
  const tabs = page.getByRole('tablist', { name: 'Contract details' });
  await expect(tabs.getByRole('tab', { name: 'Offerings' })).toHaveAttribute('aria-selected', 'true');
  const offerings = page.getByRole('table', { name: 'Offerings' });
  await expect(offerings.getByRole('row').filter({ hasText: 'Office LTSC Professional Plus' })).toContainText('70');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contract-offerings');

  await tabs.getByRole('tab', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/tab=contacts/);
  const contacts = page.getByRole('table', { name: 'Contacts' });
  await expect(contacts.getByRole('row').filter({ hasText: 'Primary contact' })).toContainText(CONTACT_EMAIL);
  await expect(contacts.getByRole('row').filter({ hasText: 'Bill To contact' })).toContainText('ap@contoso.example');
  await expectNoSeriousAxeViolations(page);

  // With the keyboard: the arrow key moves to the next tab.
  await tabs.getByRole('tab', { name: 'Contacts' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(tabs.getByRole('tab', { name: 'Tenants' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'Tenants' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contract-tenants');

  await page.goto('/volume-licensing/contracts/E2E-NOPE-9999');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contract not found');
  await expect(page.getByText('License ID E2E-NOPE-9999 does not exist')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('orders of one License ID and across all: lines, sort, date filter, search and CSV', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await rowOf(page, SELECT_PLUS)
    .getByRole('link', { name: `Orders of License ID ${SELECT_PLUS}` })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Orders of ${SELECT_PLUS}`);
  const orders = page.getByRole('table', { name: 'Orders' });
  const rows = orders.getByRole('row').filter({ hasText: /PO-CT-/ });
  await expect(rows).toHaveCount(2);
  // Newest first by default.
  await expect(rows.first()).toContainText('PO-CT-1002');

  const toggle = orders.getByRole('button', { name: /Show the lines of order PO-CT-1001/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const lines = page.getByRole('table', { name: 'Lines of order PO-CT-1001' });
  await expect(lines.getByRole('row').filter({ hasText: 'Windows Server Datacenter' })).toContainText('10');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'orders');

  const csv = await downloadCsv(page, 'Export to CSV');
  expect(csv.split('\r\n')[0]).toMatch(/^License ID,Organization,Partner,Partner order number,/);
  expect(csv).toContain('PO-CT-1001');
  expect(csv).not.toContain('PO-CT-2001');

  // All License IDs, oldest first, from a date; then a search.
  await page.getByRole('link', { name: 'Show orders of all License IDs' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orders');
  await expect(rows).toHaveCount(3);
  const filters = page.getByRole('search', { name: 'Filter orders' });
  await filters.getByRole('combobox', { name: 'Sort' }).selectOption({ label: 'Oldest first' });
  await filters.getByRole('textbox', { name: 'Ordered from' }).fill('2026-03-01');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/sort=ordered-on-asc/);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('PO-CT-1002');
  await filters.getByRole('searchbox', { name: 'Search' }).fill('Windows 11');
  await filters.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('PO-CT-2001');
  await expectNoSeriousAxeViolations(page);
});

test('product keys still owed: the page says they are pending and offers no export of an empty file', async ({
  page,
}) => {
  await signIn(page);
  // The demo catalog's pools are empty, so Windows 11, ordered on this License ID, waits for its MAK.
  await page.goto(`/volume-licensing/products/${OPEN_VALUE}/keys`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Product keys for ${OPEN_VALUE}`);
  await expect(page.getByText(/A MAK key for this product is pending/).first()).toBeVisible();
  await expect(page.getByRole('group', { name: 'Export', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Export all' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
});
