// Role assignments end to end (SPEC §6): the Contoso administrator, Administrator of two License IDs, adds an
// external user (an address nobody signs in with) with Product keys reader on one of them. The invitation arrives in
// the dev mailbox; the user, with a work account of a managed tenant of their own, registers from it and sees exactly
// that contract (not its details or orders) — and the Role assignments page tells them they administer nothing, while
// the API refuses them its routes. The same add-user flow again with the keyboard only; then the Manage users row
// actions, Import roles and Preferences. axe checks every page of the area.
// VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and Dutch) under <outputDir>/screens.
import { expect, request as playwrightRequest, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  expectNoSeriousAxeViolations,
  screenshots,
  apiSession,
  post,
  get,
  invitationPath,
  createContosoLicenseId,
} from './helpers.js';

const ADMIN = 'admin@contoso.example';
const LICENSE_ID = 'E2E-RA-2001';
const OTHER_LICENSE_ID = 'E2E-RA-2002';

/** Signs in; English whatever an earlier (failed) run left in the account's preferences. */
async function signIn(page: Page, login: string, password: string): Promise<void> {
  const session = await apiSession(login, password);
  await session.api.put('/api/v1/me/preferences', {
    data: { locale: 'en' },
    headers: { 'x-csrf-token': session.csrf },
  });
  await session.api.dispose();
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('textbox', { name: 'Password' }).press('Enter');
  await expect(page).toHaveURL(/\/volume-licensing$/);
}

/** Presses Tab until `target` has the focus: how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reachable with Tab within ${limit} presses`).toBeFocused();
}

/** Types into a combobox as a person does, key by key (which opens its list), replacing what it showed. */
async function typeInto(combobox: Locator, text: string): Promise<void> {
  await combobox.selectText();
  await combobox.pressSequentially(text);
}

/**
 * The world: a partner creates two Select Plus License IDs for Contoso naming the Contoso global administrator as
 * Primary contact; the administrator registers from the welcome e-mails and so administers both.
 */
test.beforeAll(async () => {
  const admin = await apiSession(ADMIN, DEMO_PASSWORD);
  // A worker restarted after a failure finds the world already made.
  const administered = await get<{ items: { licenseIdNumber: string }[] }>(
    admin,
    '/api/v1/vl/administered-license-ids',
  );
  if (administered.items.some((licenseId) => licenseId.licenseIdNumber === LICENSE_ID)) {
    await admin.api.dispose();
    return;
  }

  for (const number of [LICENSE_ID, OTHER_LICENSE_ID])
    await createContosoLicenseId(number, [{ kind: 'primary', name: 'Alex Admin', email: ADMIN }]);

  // Registering with one invitation may bring the other License ID along (same business e-mail): 409 "by you".
  for (const number of [LICENSE_ID, OTHER_LICENSE_ID]) {
    const path = await invitationPath(admin.api, ADMIN, number);
    const response = await admin.api.post(`/api/v1${path}/redeem`, { headers: { 'x-csrf-token': admin.csrf } });
    const body = (await response.json()) as { redeemedByYou?: boolean };
    expect(response.status() === 200 || body.redeemedByYou === true, JSON.stringify(body)).toBe(true);
  }
  const now = await get<{ items: { licenseIdNumber: string }[] }>(admin, '/api/v1/vl/administered-license-ids');
  expect(now.items.map((licenseId) => licenseId.licenseIdNumber).sort()).toEqual([LICENSE_ID, OTHER_LICENSE_ID]);
  await admin.api.dispose();
});

/** A managed tenant of the user's own (a new organization), whose administrator is the person being added. */
async function newOrganizationAccount(initialName: string): Promise<{ signInName: string; password: string }> {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const password = 'Fabrikam-Password-2026';
  const response = await api.post('/api/v1/tenants', {
    data: {
      organizationName: 'Fabrikam',
      initialName,
      adminUserName: 'kim',
      adminDisplayName: 'Kim Fabrikam',
      password,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const created = (await response.json()) as { signInName: string };
  await api.dispose();
  return { signInName: created.signInName, password };
}

test('an administrator adds an external user, who registers and sees exactly that contract', async ({
  page,
  browser,
  request,
}) => {
  // Two people, two browsers, axe on every page and screenshots in two languages: more than the default minute.
  test.setTimeout(240_000);
  const external = 'kim@fabrikam-partners.example';

  await signIn(page, ADMIN, DEMO_PASSWORD);
  const contracts = page.getByRole('table', { name: 'Your agreements' });
  await expect(contracts.getByRole('row').filter({ hasText: LICENSE_ID })).toContainText('Single administrator');

  // Role assignments, from the area's navigation.
  await page
    .getByRole('navigation', { name: 'Volume licensing' })
    .getByRole('link', { name: 'Role assignments' })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Role assignments');
  await expect(page.getByText('Only one administrator')).toBeVisible();
  await expect(
    page.getByText(`These License IDs have a single administrator: ${LICENSE_ID}, ${OTHER_LICENSE_ID}.`, {
      exact: false,
    }),
  ).toBeVisible();
  const users = page.getByRole('table', { name: 'Users with roles on the License IDs you administer' });
  await expect(users.getByRole('row').filter({ hasText: ADMIN })).toContainText('Administrator');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'role-assignments');

  // The wizard: an unknown address is "no results" and needs an explicit yes.
  await page.getByRole('button', { name: 'Assign users to contracts' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assign users to contracts');
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(external);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText(`No results for ${external}`)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'assign-no-results');
  await page.getByRole('textbox', { name: 'Name (optional)' }).fill('Kim Fabrikam');
  await page.getByRole('button', { name: `Add ${external} as an external user` }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Which License IDs?' })).toBeFocused();
  await page.getByRole('checkbox', { name: new RegExp(`^${LICENSE_ID}`) }).check();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Which roles?' })).toBeFocused();
  const group = page.getByRole('group', { name: new RegExp(`License ID ${LICENSE_ID}`) });
  await group.getByRole('checkbox', { name: 'Product keys reader' }).check();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'assign-roles');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeVisible();
  const review = page.getByRole('table', { name: 'Role changes per License ID' });
  await expect(review.getByRole('row').filter({ hasText: LICENSE_ID })).toContainText('Product keys reader');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'assign-review');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Done' })).toBeVisible();
  const outcomes = page.getByRole('table', { name: 'Result per License ID' });
  await expect(outcomes.getByRole('row').filter({ hasText: LICENSE_ID })).toContainText(
    `Invitation e-mailed to ${external}`,
  );
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'assign-done');

  // Manage users lists the invited user.
  await page.getByRole('link', { name: 'Go to Manage users' }).click();
  const row = users.getByRole('row').filter({ hasText: external });
  await expect(row).toContainText('External');
  await expect(row).toContainText('Invitation sent');
  await expect(row).toContainText('Product keys reader');

  // Preferences: the administrator's own profile and roles.
  await page.getByRole('navigation', { name: 'Volume licensing' }).getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Volume licensing preferences');
  await expect(page.getByText(ADMIN).first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'vl-preferences');

  // The invitation arrives; the user registers with the work account of their own, new organization.
  const path = await invitationPath(request, external, LICENSE_ID);
  const account = await newOrganizationAccount('fabrikampartners');
  const context = await browser.newContext();
  const userPage = await context.newPage();
  await userPage.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await userPage.getByRole('textbox', { name: 'Sign-in name' }).fill(account.signInName);
  await userPage.getByRole('textbox', { name: 'Password' }).fill(account.password);
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage).toHaveURL(new RegExp(`${path}$`));
  await userPage.getByRole('button', { name: 'Confirm and register' }).click();
  await expect(userPage).toHaveURL(/\/volume-licensing$/);
  const theirContracts = userPage.getByRole('table', { name: 'Your agreements' });
  await expect(theirContracts.getByRole('row')).toHaveCount(2); // the header row and exactly one contract
  const contract = theirContracts.getByRole('row').filter({ hasText: LICENSE_ID });
  await expect(contract).toContainText('Product keys reader');
  await expect(contract).not.toContainText('Single administrator');

  // They administer nothing: the page says so, and the API refuses them the administrators' routes.
  await userPage
    .getByRole('navigation', { name: 'Volume licensing' })
    .getByRole('link', { name: 'Role assignments' })
    .click();
  await expect(userPage.getByRole('heading', { level: 2, name: 'You administer no License IDs' })).toBeVisible();
  await expectNoSeriousAxeViolations(userPage);
  await screenshots(userPage, 'role-assignments-none');
  await userPage.goto('/volume-licensing/role-assignments/assign');
  await expect(userPage.getByRole('heading', { level: 2, name: 'You administer no License IDs' })).toBeVisible();

  const user = await apiSession(account.signInName, account.password);
  // Product keys reader shows the contract in the list, not its details or orders (SPEC §4).
  expect((await user.api.get(`/api/v1/orders?licenseIdNumbers=${LICENSE_ID}`)).status()).toBe(404);
  expect((await user.api.get(`/api/v1/contracts/${LICENSE_ID}`)).status()).toBe(404);
  expect((await user.api.get('/api/v1/vl/users')).status()).toBe(403);
  expect((await user.api.get(`/api/v1/vl/user-lookup?email=${encodeURIComponent(ADMIN)}`)).status()).toBe(403);
  const assign = await user.api.post('/api/v1/vl/role-assignments', {
    data: { email: ADMIN, assignments: [{ licenseIdNumber: LICENSE_ID, roles: [] }] },
    headers: { 'x-csrf-token': user.csrf },
  });
  expect([403, 404]).toContain(assign.status());
  await user.api.dispose();
  await context.close();

  // The administrator now sees the user as active.
  await page.goto('/volume-licensing/role-assignments');
  await expect(users.getByRole('row').filter({ hasText: external })).toContainText('Active');
});

test('the same add-user flow with the keyboard only', async ({ page }) => {
  test.setTimeout(120_000);
  const external = 'lee@tailspin.example';
  await signIn(page, ADMIN, DEMO_PASSWORD);

  await tabTo(
    page,
    page.getByRole('navigation', { name: 'Volume licensing' }).getByRole('link', { name: 'Role assignments' }),
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Role assignments');

  await tabTo(page, page.getByRole('button', { name: 'Assign users to contracts' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Assign users to contracts');

  await tabTo(page, page.getByRole('textbox', { name: 'E-mail address' }));
  await page.keyboard.type(external);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`No results for ${external}`)).toBeVisible();
  // "No results — press Enter to save": Enter in the name field confirms the external user.
  await tabTo(page, page.getByRole('textbox', { name: 'Name (optional)' }));
  await page.keyboard.type('Lee Tailspin');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 2, name: 'Which License IDs?' })).toBeFocused();
  const licenseIdBox = page.getByRole('checkbox', { name: new RegExp(`^${LICENSE_ID}`) });
  await tabTo(page, licenseIdBox);
  await page.keyboard.press('Space');
  await expect(licenseIdBox).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 2, name: 'Which roles?' })).toBeFocused();
  const group = page.getByRole('group', { name: new RegExp(`License ID ${LICENSE_ID}`) });
  const keysReader = group.getByRole('checkbox', { name: 'Product keys reader' });
  await tabTo(page, keysReader);
  await page.keyboard.press('Space');
  await expect(keysReader).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Next' }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 2, name: 'Review and save' })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 2, name: 'Done' })).toBeFocused();
  await expect(
    page.getByRole('table', { name: 'Result per License ID' }).getByRole('row').filter({ hasText: LICENSE_ID }),
  ).toContainText(`Invitation e-mailed to ${external}`);
  await expectNoSeriousAxeViolations(page);
});

test('manage users: view access, edit roles with copy and paste, resend, reset, delete; import roles; sync', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const invited = 'pat@adatum.example';
  const enterprise = 'E2E-RA-EA01';

  // An Enterprise License ID naming the administrator as Notices contact: they have a VL profile, so it simply
  // appears for them (no invitation on enterprise-style programs). And a user invited through the API.
  await createContosoLicenseId(enterprise, [{ kind: 'notices', name: 'Alex Admin', email: ADMIN }], {
    programId: 'enterprise',
  });
  const admin = await apiSession(ADMIN, DEMO_PASSWORD);
  await post(
    admin,
    '/api/v1/vl/role-assignments',
    {
      email: invited,
      displayName: 'Pat Adatum',
      confirmExternal: true,
      assignments: [{ licenseIdNumber: LICENSE_ID, roles: ['product-download-manager'] }],
    },
    200,
  );
  await admin.api.dispose();

  await signIn(page, ADMIN, DEMO_PASSWORD);
  await page.goto('/volume-licensing/role-assignments');
  const users = page.getByRole('table', { name: 'Users with roles on the License IDs you administer' });
  const row = users.getByRole('row').filter({ hasText: invited });
  await expect(row).toContainText('Invitation sent');
  const action = async (name: string) => {
    // The name given at invitation shows once the user registers; until then the row is named by the address.
    await row.getByRole('button', { name: /^Actions for / }).click();
    await page.getByRole('menuitem', { name }).click();
  };

  // View access.
  await action('View access');
  const view = page.getByRole('dialog', { name: /^Access of / });
  await expect(view.getByRole('row').filter({ hasText: LICENSE_ID })).toContainText(
    'Pending (Product download manager)',
  );
  await expectNoSeriousAxeViolations(page);
  await view.getByRole('button', { name: 'Close' }).click();

  // Edit roles: Administrator blocks Invoice reader on Select Plus; copy one License ID's roles to another.
  await action('Edit roles');
  const edit = page.getByRole('dialog', { name: /^Edit roles of / });
  const first = edit.getByRole('group', { name: new RegExp(`License ID ${LICENSE_ID}`) });
  const second = edit.getByRole('group', { name: new RegExp(`License ID ${OTHER_LICENSE_ID}`) });
  await expect(first.getByRole('checkbox', { name: 'Product download manager' })).toBeChecked();
  await first.getByRole('checkbox', { name: 'Administrator' }).check();
  await expect(first.getByRole('checkbox', { name: 'Invoice reader' })).toBeDisabled();
  await expect(first.getByText(/Not available with Administrator on Select Plus/)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'edit-roles', { dialog: true });
  await first.getByRole('checkbox', { name: 'Administrator' }).uncheck();
  await first.getByRole('checkbox', { name: 'License position reader' }).check();
  await edit.getByRole('button', { name: `Copy the roles of License ID ${LICENSE_ID}` }).click();
  await edit.getByRole('button', { name: `Paste the copied roles to License ID ${OTHER_LICENSE_ID}` }).click();
  await expect(second.getByRole('checkbox', { name: 'License position reader' })).toBeChecked();
  await expect(second.getByRole('checkbox', { name: 'Product download manager' })).toBeChecked();
  await edit.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByText(`Roles of ${invited} saved.`, { exact: true }).first()).toBeVisible();
  await expect(row).toContainText(OTHER_LICENSE_ID);

  // Resend (same link) and reset (new link).
  await action('Resend invite');
  await expect(page.getByText(`The invitation was sent to ${invited} again`, { exact: false }).first()).toBeVisible();
  await action('Reset invite');
  await expect(page.getByText(`A new invitation was sent to ${invited}`, { exact: false }).first()).toBeVisible();

  // Import roles onto the Enterprise License ID.
  await page.getByRole('button', { name: 'Import roles' }).click();
  const importing = page.getByRole('dialog', { name: 'Import roles' });
  // Each License ID is found by typing part of it, then picked from the list.
  for (const [name, number] of [
    ['Import into', enterprise],
    ['Copy users and roles from', LICENSE_ID],
  ] as const) {
    await typeInto(importing.getByRole('combobox', { name }), number);
    await page.getByRole('option', { name: new RegExp(`^${number} —`) }).click();
    await expect(importing.getByRole('combobox', { name })).toHaveValue(new RegExp(`^${number} —`));
  }
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'import-roles', { dialog: true });
  await importing.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(
    importing.getByText(new RegExp(`^Imported \\d+ users from ${LICENSE_ID} into ${enterprise}`)),
  ).toBeVisible();
  await importing.getByRole('button', { name: 'Close' }).click();
  // The contracts list's row action opens it with the License ID — on enterprise-style License IDs only.
  await page.goto('/volume-licensing');
  const contracts = page.getByRole('table', { name: 'Your agreements' });
  await expect(contracts.getByRole('link', { name: `Import roles of License ID ${LICENSE_ID}` })).toHaveCount(0);
  await contracts.getByRole('link', { name: `Import roles of License ID ${enterprise}` }).click();
  await expect(importing.getByRole('combobox', { name: 'Import into' })).toHaveValue(new RegExp(`^${enterprise} —`));
  await importing.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/volume-licensing\/role-assignments$/);

  // Delete, after a confirmation.
  await action('Delete');
  const confirm = page.getByRole('alertdialog', { name: `Delete ${invited}?` });
  await expect(confirm).toContainText(LICENSE_ID);
  await expectNoSeriousAxeViolations(page);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`Removed the roles of ${invited}`, { exact: false }).first()).toBeVisible();
  await expect(row).toHaveCount(0);

  // A registered user's current roles fill the editor, so saving never drops what the admin did not touch.
  await page.getByRole('button', { name: 'Assign users to contracts' }).click();
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(ADMIN);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Registered for volume licensing with an account of your organization.')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('checkbox', { name: new RegExp(`^${LICENSE_ID}`) }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByRole('group', { name: new RegExp(`License ID ${LICENSE_ID}`) })
      .getByRole('checkbox', { name: 'Administrator' }),
  ).toBeChecked();
  await page.goto('/volume-licensing/role-assignments');

  // The wizard will not offer an enterprise-style License ID to an address nobody signs in with.
  await page.getByRole('button', { name: 'Assign users to contracts' }).click();
  await page.getByRole('textbox', { name: 'E-mail address' }).fill('nobody@unknown.example');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Add nobody@unknown.example as an external user' }).click();
  await expect(page.getByRole('checkbox', { name: new RegExp(`^${enterprise}`) })).toBeDisabled();
  await expect(page.getByText(/Not available: Enterprise adds users by sign-in ID only/)).toBeVisible();
  await screenshots(page, 'assign-enterprise-refused');

  // Preferences: the name is saved, and Sync permissions answers at once.
  await page.goto('/volume-licensing/preferences');
  await page.getByRole('textbox', { name: 'Name' }).fill('Alex Admin (Contoso)');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Your name was saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Sync permissions' }).click();
  await expect(
    page.getByText(/^(Your permissions were already up to date\.|Permissions updated on \d+ License IDs)$/),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('an administrator of a dozen License IDs: the warning and their row name ten and say how many more; the wizard finds one by typing', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const numbers = Array.from({ length: 12 }, (_, i) => `E2E-RA-31${String(i + 1).padStart(2, '0')}`);
  // The administrator: a work account of a tenant of their own, the Primary contact of all twelve.
  const admin = { signInName: 'kim@manyagreementse2e.onvlcenter.example', password: 'Fabrikam-Password-2026' };
  const existing = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const signedIn = await existing.post('/api/v1/auth/sign-in', {
    data: { login: admin.signInName, password: admin.password },
  });
  await existing.dispose();
  if (signedIn.status() !== 200) {
    expect(await newOrganizationAccount('manyagreementse2e')).toEqual(admin);
    for (const number of numbers)
      await createContosoLicenseId(number, [{ kind: 'primary', name: 'Kim Fabrikam', email: admin.signInName }]);
    const session = await apiSession(admin.signInName, admin.password);
    for (const number of numbers) {
      const path = await invitationPath(session.api, admin.signInName, number);
      const response = await session.api.post(`/api/v1${path}/redeem`, { headers: { 'x-csrf-token': session.csrf } });
      const body = (await response.json()) as { redeemedByYou?: boolean };
      expect(response.status() === 200 || body.redeemedByYou === true, JSON.stringify(body)).toBe(true);
    }
    await session.api.dispose();
  }

  await signIn(page, admin.signInName, admin.password);
  await page.goto('/volume-licensing/role-assignments');
  // Each of the twelve has one administrator: the warning names the first ten.
  await expect(page.getByText('These License IDs have a single administrator:')).toContainText(
    `These License IDs have a single administrator: ${numbers.slice(0, 10).join(', ')} and 2 more. ` +
      'Add another administrator, so that nobody is locked out when that person leaves.',
  );
  const row = page.getByRole('row').filter({ hasText: admin.signInName });
  await expect(row).toContainText(numbers[9]!);
  await expect(row).not.toContainText(numbers[10]!);
  const showAll = row.getByRole('button', { name: 'Show all 12 License IDs' });
  await expect(showAll).toHaveAttribute('aria-expanded', 'false');
  await showAll.click();
  await expect(row).toContainText(numbers[11]!);
  const showFewer = row.getByRole('button', { name: 'Show fewer License IDs' });
  await expect(showFewer).toHaveAttribute('aria-expanded', 'true');
  await expectNoSeriousAxeViolations(page);
  await showFewer.click();
  await expect(row).not.toContainText(numbers[11]!);

  // The License ID filter is found by typing: what matches nothing says so; a pick filters the users.
  const filter = page.getByRole('combobox', { name: 'License ID', exact: true });
  await expect(filter).toHaveValue('All License IDs');
  await typeInto(filter, 'no such agreement');
  await expect(
    page.getByRole('option', { name: /^No License ID you administer matches “no such agreement”/ }),
  ).toBeVisible();
  await typeInto(filter, '3112');
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.getByRole('option', { name: new RegExp(`^${numbers[11]} —`) }).click();
  await expect(filter).toHaveValue(new RegExp(`^${numbers[11]} —`));
  await expect(row).toContainText(numbers[11]!);
  await expect(row).not.toContainText(numbers[0]!);
  await expectNoSeriousAxeViolations(page);

  // The wizard's License ID choice: past ten, a search box finds one by part of its number.
  const external = 'lee@dozen-outside.example';
  await page.getByRole('button', { name: 'Assign users to contracts' }).click();
  await page.getByRole('textbox', { name: 'E-mail address' }).fill(external);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: `Add ${external} as an external user` }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Which License IDs?' })).toBeFocused();
  const choices = page.getByRole('group', { name: 'License IDs you administer' });
  await expect(choices.getByRole('checkbox')).toHaveCount(12);
  const find = page.getByRole('searchbox', { name: 'Find a License ID' });
  await find.fill('3105');
  await expect(choices.getByRole('checkbox')).toHaveCount(1);
  await choices.getByRole('checkbox', { name: new RegExp(`^${numbers[4]}`) }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Selected:' })).toHaveText('Selected: 1');
  await find.fill('no such agreement');
  await expect(choices).toContainText('No License ID you administer matches “no such agreement”.');
  await expectNoSeriousAxeViolations(page);
  // The choice survives the search: cleared, all twelve are back and the one picked is still checked.
  await find.fill('');
  await expect(choices.getByRole('checkbox')).toHaveCount(12);
  await expect(choices.getByRole('checkbox', { name: new RegExp(`^${numbers[4]}`) })).toBeChecked();
});
