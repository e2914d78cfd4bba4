// Products and services end to end (SPEC §8): a VL administrator opens Products and services from the Volume licensing
// navigation and from a contract's row actions, picks a language and OS, downloads a file through the page and checks
// its SHA-256 against the one shown and the bytes uploaded; reveals and copies a product key and exports keys
// (selected and all) as tab-delimited files. A Product keys reader of the same License ID lists and reveals keys and is
// refused downloads, with an explanation. axe checks every page.
//
// The world is made through the same paths as production: the demo partner creates the License ID and orders two
// products the catalog does not have yet; the operator then adds them (the orders' License ID is owed their keys),
// uploads files and loads keys (which fills what is owed). The administrator registers from the welcome e-mail and
// invites the keys reader, who registers with an account of a tenant of their own.
// VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and Dutch) under <outputDir>/screens.
import { createHash } from 'node:crypto';
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  apiSession,
  downloadBy,
  expectNoSeriousAxeViolations,
  invitationPath,
  post,
  screenshots,
  type Session,
  contosoOrganizationId,
} from './helpers.js';

const PARTNER = 'partner@northwind.example';
const OPERATOR = 'operator@publisher.example';
const PASSWORD = 'Products-Password-2026';
const ADMIN = 'sam@productse2e.onvlcenter.example';
const ADMIN_CONTACT = 'sam.licensing@contoso.example';
const READER = 'riley@productsreadere2e.onvlcenter.example';
const READER_CONTACT = 'riley.keys@contoso.example';
const LICENSE_ID = 'E2E-PS-4001';
const SUITE = { productFamily: 'E2E Tools', product: 'E2E Suite', version: '2026' };
const VIEWER = { productFamily: 'E2E Tools', product: 'E2E Viewer', version: '2026' };
const MAK = 'E2EPS-MAK01-AAAAA-BBBBB-CCCCC';
const KMS = 'E2EPS-KMS01-DDDDD-EEEEE-FFFFF';
const HEADER =
  'License ID\tParent program\tOrganization\tProduct\tKey\tType\tActivations used\tActivations available\tSeats\tOnline activation state';

/** The bytes of an uploaded file, the same in every run: 256 KiB derived from its name. */
const bytesOf = (name: string) =>
  Buffer.concat(Array.from({ length: 8192 }, (_, i) => createHash('sha256').update(`${name}:${i}`).digest()));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const FILES = [
  { fileName: 'e2e-suite-2026-en-us-x64.iso', language: 'en-US', os: 'windows', architecture: 'x64', format: 'iso' },
  { fileName: 'e2e-suite-2026-nl-nl-x64.iso', language: 'nl-NL', os: 'windows', architecture: 'x64', format: 'iso' },
];

/** A managed tenant of its own whose administrator is `userName`@`initialName`.onvlcenter.example. */
async function newTenant(initialName: string, userName: string): Promise<void> {
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const created = await anonymous.post('/api/v1/tenants', {
    data: {
      organizationName: `Products ${initialName}`,
      initialName,
      adminUserName: userName,
      adminDisplayName: userName,
      password: PASSWORD,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  await anonymous.dispose();
}

/** Redeems the invitation e-mailed to `contact` for the License ID, signed in as `login`. */
async function register(login: string, contact: string): Promise<void> {
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const path = await invitationPath(anonymous, contact, LICENSE_ID);
  const user = await apiSession(login, PASSWORD);
  await post(user, `/api/v1${path}/redeem`, undefined, 200);
  await user.api.dispose();
  await anonymous.dispose();
}

async function upload(operator: Session, productId: string, file: (typeof FILES)[number]): Promise<void> {
  const query = new URLSearchParams(file).toString();
  const response = await operator.api.post(`/api/v1/operator/products/${productId}/files?${query}`, {
    data: bytesOf(file.fileName),
    headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': operator.csrf },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test.beforeAll(async () => {
  // A worker restarted after a failure finds the world already made.
  const existing = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const signedIn = await existing.post('/api/v1/auth/sign-in', { data: { login: READER, password: PASSWORD } });
  await existing.dispose();
  if (signedIn.status() === 200) return;

  await newTenant('productse2e', 'sam');
  await newTenant('productsreadere2e', 'riley');

  // The License ID and its orders first: the products are not in the catalog yet.
  const partner = await apiSession(PARTNER, DEMO_PASSWORD);
  const contosoId = await contosoOrganizationId(partner);
  await post(partner, '/api/v1/partner/license-ids', {
    number: LICENSE_ID,
    organizationId: contosoId,
    programId: 'select-plus',
    cloud: 'public',
    startDate: '2026-01-01',
    endDate: '2029-12-31',
    contacts: [{ kind: 'primary', name: 'Sam Licensing', email: ADMIN_CONTACT }],
  });
  const line = (product: typeof SUITE, quantity: number) => ({
    partNumber: 'E2E-00001',
    ...product,
    pool: 'applications',
    licenseType: 'license+sa',
    quantity,
    country: 'US',
  });
  await post(partner, '/api/v1/partner/orders', {
    licenseIdNumber: LICENSE_ID,
    partnerOrderNumber: 'PO-PS-1001',
    orderedOn: '2026-02-01',
    lines: [line(SUITE, 25), line(VIEWER, 25)],
  });
  await partner.api.dispose();

  // The operator adds the products (the License ID is owed the suite's keys), its files and keys.
  const operator = await apiSession(OPERATOR, DEMO_PASSWORD);
  const product = (body: Record<string, unknown>) =>
    post<{ id: string }>(operator, '/api/v1/operator/products', { pool: 'applications', ...body });
  const suite = await product({
    family: SUITE.productFamily,
    name: SUITE.product,
    version: SUITE.version,
    needsKey: true,
    keyTypes: ['mak', 'kms-host'],
  });
  await product({ family: VIEWER.productFamily, name: VIEWER.product, version: VIEWER.version, needsKey: false });
  for (const file of FILES) await upload(operator, suite.id, file);
  const keys = (type: string, body: Record<string, unknown>) =>
    post(operator, `/api/v1/operator/products/${suite.id}/keys`, { type, keys: [body] }, 200);
  expect(await keys('mak', { key: MAK, activationsAllowed: 50 })).toMatchObject({ shortfallsFilled: 1 });
  expect(await keys('kms-host', { key: KMS, seats: 5 })).toMatchObject({ shortfallsFilled: 1 });
  await operator.api.dispose();

  // The administrator registers; then gives the reader Product keys reader, and the reader registers.
  await register(ADMIN, ADMIN_CONTACT);
  const admin = await apiSession(ADMIN, PASSWORD);
  await post(
    admin,
    '/api/v1/vl/role-assignments',
    {
      email: READER_CONTACT,
      displayName: 'Riley Keys',
      confirmExternal: true,
      assignments: [{ licenseIdNumber: LICENSE_ID, roles: ['product-keys-reader'] }],
    },
    200,
  );
  await admin.api.dispose();
  await register(READER, READER_CONTACT);
});

/** Signs in through the page (English, whatever an earlier run left in the preferences) and lands on Volume licensing. */
async function signIn(page: Page, login: string): Promise<void> {
  const session = await apiSession(login, PASSWORD);
  await session.api.put('/api/v1/me/preferences', {
    data: { locale: 'en' },
    headers: { 'x-csrf-token': session.csrf },
  });
  await session.api.dispose();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('textbox', { name: 'Password' }).press('Enter');
  await expect(page).toHaveURL(/\/volume-licensing$/);
}

/** The records of a keys export (header checked, then dropped), each split into its ten cells. */
function records(tsv: Buffer): string[][] {
  const lines = tsv.toString('utf8').split('\r\n');
  expect(lines.shift()).toBe(HEADER);
  expect(lines.pop()).toBe('');
  return lines.map((line) => line.split('\t'));
}

const sections = (page: Page) => page.getByRole('navigation', { name: 'Volume licensing' });

test('an administrator downloads a file and checks its SHA-256', async ({ page }) => {
  // A download, axe on every page and screenshots in two languages: more than the default minute.
  test.setTimeout(180_000);
  await signIn(page, ADMIN);

  // From the Volume licensing navigation.
  await sections(page).getByRole('link', { name: 'Products and services' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Products and services');
  await expect(sections(page).getByRole('link', { name: 'Products and services' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const row = page.getByRole('table', { name: 'License IDs and their products' }).getByRole('row', {
    name: new RegExp(LICENSE_ID),
  });
  await expect(row.getByRole('link', { name: `Product keys of License ID ${LICENSE_ID}` })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'products');
  await row.getByRole('link', { name: `Downloads of License ID ${LICENSE_ID}` }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Downloads for ${LICENSE_ID}`);
  await expect(page.getByText('Only the products ordered on this License ID can be downloaded.')).toBeVisible();
  const suite = page.getByRole('region', { name: 'E2E Suite 2026' });
  const viewer = page.getByRole('region', { name: 'E2E Viewer 2026' });
  await expect(viewer).toContainText('Not available for download');
  await expect(viewer).toContainText('the publisher has not published any files for it yet');
  await expect(suite.getByRole('listitem')).toHaveCount(2);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'downloads');

  // Language and OS: kept in the address; a pick no file has says so.
  const filters = page.getByRole('search', { name: 'Choose files' });
  await filters.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'English (United States)' });
  await expect(page).toHaveURL(/language=en-US/);
  await expect(suite.getByRole('listitem')).toHaveCount(1);
  await filters.getByRole('combobox', { name: 'Operating system' }).selectOption({ label: 'Windows' });
  await expect(page).toHaveURL(/os=windows/);
  await page.reload();
  await expect(suite.getByRole('listitem')).toHaveCount(1);
  await expect(filters.getByRole('combobox', { name: 'Language' })).toHaveValue('en-US');

  // The SHA-256 shown is the uploaded file's, and so is the downloaded file's.
  const [file] = FILES;
  const expected = sha256(bytesOf(file!.fileName));
  const shown = await suite.getByRole('textbox', { name: `SHA-256 of ${file!.fileName}` }).inputValue();
  expect(shown).toBe(expected);
  await expect(suite).toContainText('262.1 kB (262,144 bytes)');
  const downloaded = await downloadBy(page, () =>
    suite.getByRole('button', { name: `Download ${file!.fileName}` }).click(),
  );
  expect(downloaded.name).toBe(file!.fileName);
  expect(sha256(downloaded.bytes)).toBe(shown);
  await expect(page.getByText(`The download of ${file!.fileName} has started.`)).toBeAttached();
  await expectNoSeriousAxeViolations(page);

  await page.goto(`/volume-licensing/products/${LICENSE_ID}/downloads?language=fr-FR`);
  await expect(suite).toContainText('not available for download in the language and operating system you picked');
  await expectNoSeriousAxeViolations(page);
});

test('an administrator reveals and copies a key and exports keys, selected and all', async ({ page, context }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, ADMIN);

  // From the contract's row actions.
  await page
    .getByRole('table', { name: 'Your agreements' })
    .getByRole('link', { name: `Product keys of License ID ${LICENSE_ID}` })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Product keys for ${LICENSE_ID}`);
  await expect(page.getByRole('region', { name: 'E2E Viewer 2026' })).toContainText(
    'This product does not require a product key.',
  );
  const keys = page.getByRole('table', { name: 'Product keys of E2E Suite 2026' });
  const mak = keys.getByRole('row').filter({ hasText: 'MAK' });
  const maskedMak = 'XXXXX-XXXXX-XXXXX-XXXXX-CCCCC';
  await expect(mak).toContainText(maskedMak);
  await expect(mak).toContainText('0 / 50');
  await expect(keys.getByRole('row').filter({ hasText: 'KMS host' })).toContainText('5');
  await expect(page.getByText(MAK)).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'product-keys');

  await mak.getByRole('button', { name: `Reveal key ${maskedMak}` }).click();
  await expect(mak).toContainText(MAK);
  await mak.getByRole('button', { name: `Hide key ${maskedMak}` }).click();
  await expect(mak).not.toContainText(MAK);
  await mak.getByRole('button', { name: `Copy key ${maskedMak} to the clipboard` }).click();
  await expect(mak.getByRole('button', { name: `Copy key ${maskedMak} to the clipboard` })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(MAK);
  await expectNoSeriousAxeViolations(page);

  // Select the MAK, export the selection; then all.
  await mak.getByRole('checkbox', { name: `Select key ${maskedMak}` }).check();
  await expect(page.getByText('1 selected')).toBeVisible();
  const selected = await downloadBy(page, () => page.getByRole('link', { name: 'Export selected' }).click());
  expect(selected.name).toBe(`product-keys-${LICENSE_ID}.tsv`);
  expect(records(selected.bytes)).toEqual([
    [LICENSE_ID, 'Select Plus', 'Contoso Ltd', 'E2E Suite 2026', MAK, 'mak', '0', '50', '', ''],
  ]);
  const all = await downloadBy(page, () => page.getByRole('link', { name: 'Export all', exact: true }).click());
  expect(records(all.bytes).map((cells) => [cells[4], cells[5]])).toEqual([
    [KMS, 'kms-host'],
    [MAK, 'mak'],
  ]);

  // Every key the administrator may read, across License IDs, from Products and services.
  await sections(page).getByRole('link', { name: 'Products and services' }).click();
  const across = await downloadBy(page, () => page.getByRole('link', { name: 'Export all product keys' }).click());
  expect(records(across.bytes).filter((cells) => cells[0] === LICENSE_ID)).toHaveLength(2);
});

test('a Product keys reader reads and reveals keys, on a phone too, and is refused downloads, with the reason', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, READER);
  await sections(page).getByRole('link', { name: 'Products and services' }).click();
  const row = page.getByRole('table', { name: 'License IDs and their products' }).getByRole('row', {
    name: new RegExp(LICENSE_ID),
  });
  await expect(row.getByRole('link', { name: `Product keys of License ID ${LICENSE_ID}` })).toBeVisible();
  await expect(row.getByRole('link', { name: `Downloads of License ID ${LICENSE_ID}` })).toHaveCount(0);
  await row.getByRole('link', { name: `Product keys of License ID ${LICENSE_ID}` }).click();

  const keys = page.getByRole('table', { name: 'Product keys of E2E Suite 2026' });
  const kms = keys.getByRole('row').filter({ hasText: 'KMS host' });
  await kms.getByRole('button', { name: /^Reveal key / }).click();
  await expect(kms).toContainText(KMS);
  await expectNoSeriousAxeViolations(page);

  // On a phone each key is a card: every cell on the screen under its column's name, nothing to scroll sideways to —
  // the whole key and the buttons that act on it in sight.
  await page.setViewportSize({ width: 390, height: 844 });
  const keyCell = kms.getByRole('cell').filter({ hasText: KMS });
  await keyCell.scrollIntoViewIfNeeded();
  const layout = await keyCell.evaluate((cell) => ({
    pageFits: document.documentElement.scrollWidth <= window.innerWidth,
    tableFits: cell.closest('table')!.getBoundingClientRect().right <= window.innerWidth,
    keyInSight: cell.getBoundingClientRect().right <= window.innerWidth,
    name: getComputedStyle(cell, '::before').content,
  }));
  expect(layout).toEqual({ pageFits: true, tableFits: true, keyInSight: true, name: '"Key"' });
  const hide = kms.getByRole('button', { name: /^Hide key / });
  await hide.scrollIntoViewIfNeeded();
  const button = (await hide.boundingBox())!;
  expect(button.x + button.width).toBeLessThanOrEqual(390);
  await hide.click();
  await expect(kms).not.toContainText(KMS);
  await expectNoSeriousAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The downloads page explains the refusal and offers what the roles do open.
  await page.goto(`/volume-licensing/products/${LICENSE_ID}/downloads`);
  await expect(page.getByText('Not available to you')).toBeVisible();
  await expect(page.getByText(`You cannot download software for License ID ${LICENSE_ID}.`)).toBeVisible();
  await expect(page.getByText('Your roles on it: Product keys reader.', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: `Go to the product keys of ${LICENSE_ID}` })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'downloads-refused');

  // The API refuses the reader every download route as if the License ID were not there.
  const reader = await apiSession(READER, PASSWORD);
  expect((await reader.api.get(`/api/v1/license-ids/${LICENSE_ID}/downloads`)).status()).toBe(404);
  const link = await reader.api.post(
    `/api/v1/license-ids/${LICENSE_ID}/downloads/00000000-0000-4000-8000-000000000000/link`,
    { headers: { 'x-csrf-token': reader.csrf } },
  );
  expect(link.status()).toBe(404);
  await reader.api.dispose();
});
