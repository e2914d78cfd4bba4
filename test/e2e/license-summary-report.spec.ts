// A license summary above 1,000 License IDs end to end (SPEC §7): the Primary contact of 1,001 License IDs asks for the
// summary of all of them, the page says it is being prepared, the worker makes it, the page shows it; the bell
// announces it and the e-mail links to it. axe checks every page, English and Dutch.
//
// The world goes through production paths: the demo partner imports 1,001 License IDs (one organization, approved by
// the demo operator; this spec's contact as Primary) and one order each through POST /api/v1/partner/imports; the contact registers from one
// invitation, which brings the others along (same business e-mail).
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { apiSession, downloadCsv, expectNoSeriousAxeViolations, get, post, screenshots } from './helpers.js';

const PARTNER = 'partner@northwind.example';
const PASSWORD = 'Summary-Password-2026';
const INITIAL_NAME = 'summarye2e';
const USER = `sam@${INITIAL_NAME}.onvlcenter.example`;
const CONTACT_EMAIL = 'sam.licensing@fabrikam.example';
const COUNT = 1_001;
const numberOf = (i: number) => `E2E-SR-${String(i).padStart(5, '0')}`;

type Mailbox = { items: { to: string; subject: string; text: string; links: string[] }[] };

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // A worker restarted after a failure finds the world already made.
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const existing = await anonymous.post('/api/v1/auth/sign-in', { data: { login: USER, password: PASSWORD } });
  if (existing.status() === 200) {
    await anonymous.dispose();
    return;
  }
  const created = await anonymous.post('/api/v1/tenants', {
    data: {
      organizationName: 'Summary E2E',
      initialName: INITIAL_NAME,
      adminUserName: 'sam',
      adminDisplayName: 'Sam Summary',
      password: PASSWORD,
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  const partner = await apiSession(PARTNER, DEMO_PASSWORD);
  const organization = await post<{ id: string }>(partner, '/api/v1/partner/organizations', {
    name: 'Fabrikam Summary',
    city: 'Utrecht',
    country: 'NL',
    pcns: ['PCN-FS-0001'],
  });
  // A new organization's agreements count once the publisher approves it.
  const operator = await apiSession('operator@publisher.example', DEMO_PASSWORD);
  await post(operator, `/api/v1/operator/organizations/${organization.id}/approval`, { decision: 'approve' }, 200);
  await operator.api.dispose();
  const imported = async (kind: string, records: unknown[]) =>
    post<{ imported: number }>(partner, '/api/v1/partner/imports', { kind, records }, 200);
  const licenseIds = Array.from({ length: COUNT }, (_, i) => ({
    number: numberOf(i),
    organizationId: organization.id,
    programId: 'select-plus',
    cloud: 'public',
    startDate: '2026-01-01',
    endDate: '2029-12-31',
    contacts: [{ kind: 'primary', name: 'Sam Summary', email: CONTACT_EMAIL }],
  }));
  expect((await imported('license-ids', licenseIds)).imported).toBe(COUNT);
  const orders = licenseIds.map((licenseId, i) => ({
    licenseIdNumber: licenseId.number,
    partnerOrderNumber: `PO-SR-${i}`,
    orderedOn: '2026-02-01',
    lines: [
      {
        partNumber: '79P-06015',
        product: 'Office LTSC Professional Plus',
        productFamily: 'Office',
        version: '2024',
        pool: 'applications',
        licenseType: 'license+sa',
        quantity: 3,
        country: 'NL',
      },
    ],
  }));
  expect((await imported('orders', orders)).imported).toBe(COUNT);
  await partner.api.dispose();

  // One invitation is enough: registering grants the pending invitations for the same business e-mail.
  let path: string | undefined;
  await expect
    .poll(
      async () => {
        const mailbox = (await (await anonymous.get('/api/v1/dev/mailbox?limit=20')).json()) as Mailbox;
        const link = mailbox.items.find((m) => m.to === CONTACT_EMAIL)?.links.find((l) => l.includes('/invitations/'));
        path = link ? new URL(link).pathname : undefined;
        return path;
      },
      { timeout: 60_000 },
    )
    .toBeDefined();
  const user = await apiSession(USER, PASSWORD);
  const redeemed = await user.api.post(`/api/v1${path!}/redeem`, { headers: { 'x-csrf-token': user.csrf } });
  expect(redeemed.status(), await redeemed.text()).toBe(200);
  const contracts = await get<{ items: unknown[] }>(user, '/api/v1/contracts?limit=5');
  expect(contracts.items).toHaveLength(5);
  await user.api.dispose();
  await anonymous.dispose();
});

async function signInAs(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(USER);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('textbox', { name: 'Password' }).press('Enter');
  await expect(page).toHaveURL(/\/volume-licensing$/);
}

test('a summary of 1,001 License IDs is prepared in the background and announced by the bell and an e-mail', async ({
  page,
}) => {
  await signInAs(page);
  await page.getByRole('link', { name: 'Summary of all License IDs' }).click();
  await expect(page).toHaveURL(/\/volume-licensing\/license-summary\?all=1$/);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Create the license summary' }).click();

  await expect(page).toHaveURL(/\/volume-licensing\/license-summary\/reports\/[0-9a-f-]{36}$/);
  const reportPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { name: 'License summary report' })).toBeVisible();
  // The worker is quick: the page shows "being prepared" or already the result; either way the table arrives.
  const table = page.getByRole('table', { name: 'License summary' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('row').filter({ hasText: 'Office' })).toContainText('3,003');
  await expect(page.getByText('1,001 License IDs, asked for')).toBeVisible();
  expect(await downloadCsv(page, 'Export to CSV')).toContain('Office,');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'license-summary-report');

  // The bell: one unread notice that leads to the report (asked again when the report page saw it finish).
  const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
  await expect(bell).toBeVisible({ timeout: 15_000 });
  // The count is drawn on the bell (it once drew at the top bar's far corner).
  const bellBox = (await bell.boundingBox())!;
  const countBox = (await bell.locator('.fui-CounterBadge').boundingBox())!;
  const [x, y] = [countBox.x + countBox.width / 2, countBox.y + countBox.height / 2];
  expect(x > bellBox.x && x < bellBox.x + bellBox.width && y > bellBox.y && y < bellBox.y + bellBox.height).toBe(true);
  await page.goto('/volume-licensing');
  await expect(bell).toBeVisible();
  await bell.click();
  const notice = page.getByRole('menuitem', { name: /Your license summary of 1,001 License IDs is ready/ });
  await expect(notice).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await notice.click();
  await expect(page).toHaveURL(new RegExp(`${reportPath}$`));
  await expect(page.getByRole('button', { name: 'Notifications' })).toBeVisible();

  // The e-mail links to the same report.
  const session = await apiSession(USER, PASSWORD);
  await expect
    .poll(async () => {
      const mailbox = await get<Mailbox>(session, '/api/v1/dev/mailbox?limit=20');
      return mailbox.items.find((m) => m.to === USER && m.subject === 'Your license summary is ready')?.links ?? [];
    })
    .toContainEqual(expect.stringContaining(reportPath));
  await session.api.dispose();

  // Dutch, then back to English (the choice is kept in the person's preferences).
  await page.getByRole('button', { name: /^Language:/ }).click();
  await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { name: 'Licentieoverzicht' })).toBeVisible();
  await expect(page.getByText('1.001 License IDs, aangevraagd op')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: /^Taal:/ }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
