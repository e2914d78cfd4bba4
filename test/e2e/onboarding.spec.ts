// Onboarding end to end (SPEC §5): a partner creates a License ID for Contoso through the partner API, the Primary
// contact's invitation arrives in the dev mailbox, and the browser opens the link, signs in with a Contoso work
// account, confirms, and finds the License ID on Volume licensing. A personal account opening another invitation is
// refused with its own explanation. Opening the link never redeems it. axe checks every page visited.
// VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and Dutch) under <outputDir>/screens.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  expectNoSeriousAxeViolations,
  signIn,
  screenshots,
  apiSession,
  post,
  get,
  invitationPath,
  createContosoLicenseId,
} from './helpers.js';

const CONTOSO_ADMIN = 'admin@contoso.example';

/** Same exclusion as shell.spec.ts: only Fluent's tabster focus sentinels, a known axe false positive. */

/** The partner (signed in to the partner console) creates a Select Plus License ID for Contoso Ltd. */
async function createContosoLicenseIdFor(number: string, primaryEmail: string): Promise<void> {
  const created = await createContosoLicenseId<{ welcome: { email: string; action: string }[] }>(number, [
    { kind: 'primary', name: 'Li Contoso', email: primaryEmail },
  ]);
  expect(created.welcome).toContainEqual(expect.objectContaining({ email: primaryEmail, action: 'invitation-sent' }));
}

test('a Contoso work account registers with the invitation and sees the License ID', async ({ page, request }) => {
  const licenseId = 'E2E-SP-1001';
  const email = 'li@contoso.example';

  // A Contoso work account for the Primary contact, created by the Contoso admin.
  const admin = await apiSession(CONTOSO_ADMIN, DEMO_PASSWORD);
  const me = await get<{ account: { tenant: { id: string } } }>(admin, '/api/v1/me');
  const created = await post<{ temporaryPassword: string }>(admin, `/api/v1/tenants/${me.account.tenant.id}/users`, {
    userName: 'li',
    domain: 'contoso.example',
    displayName: 'Li Contoso',
  });
  await admin.api.dispose();

  await createContosoLicenseIdFor(licenseId, email);
  const path = await invitationPath(request, email, licenseId);

  // Signed out: the landing page says what the invitation is for and asks to sign in. Loading it redeems nothing.
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register for volume licensing');
  await expect(page.getByText(licenseId)).toBeVisible();
  await expect(page.getByText('Contoso Ltd')).toBeVisible();
  await expect(page.getByText('Select Plus')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'invitation-signed-out');
  await page.reload();
  const landing = await request.get(`/api/v1${path}`);
  expect(((await landing.json()) as { state: string }).state).toBe('pending');

  // Sign in (keyboard: the link is reachable and followed with Enter) and come back to the invitation.
  await page.getByRole('link', { name: 'Sign in' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signIn(page, email, created.temporaryPassword);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'invitation-confirm');

  await page.getByRole('button', { name: 'Confirm and register' }).click();
  await expect(page).toHaveURL(/\/volume-licensing$/);
  // The toast (its text is also in Fluent's live region, hence exact).
  await expect(page.getByText(`You are registered for License ID ${licenseId}.`, { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Volume licensing');
  const table = page.getByRole('table', { name: 'Your agreements' });
  const row = table.getByRole('row').filter({ hasText: licenseId });
  await expect(row).toContainText('Contoso Ltd');
  await expect(row).toContainText('Select Plus');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Administrator');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'volume-licensing-contracts');

  // Opening the link again explains that it has been used.
  await page.goto(path);
  await expect(page.getByText('This invitation has already been used')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('a personal account is told that volume licensing needs a work account', async ({ page, request }) => {
  const licenseId = 'E2E-SP-1002';
  const email = 'buyer@contoso.example';
  const personal = { email: 'li.personal@mail.example', password: 'Personal-Password-2026' };

  const signUp = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const response = await signUp.post('/api/v1/auth/sign-up', {
    data: { kind: 'personal', email: personal.email, password: personal.password, displayName: 'Li at home' },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  await signUp.dispose();

  await createContosoLicenseIdFor(licenseId, email);
  const path = await invitationPath(request, email, licenseId);

  await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
  await signIn(page, personal.email, personal.password);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByText(`Signed in as ${personal.email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm and register' }).click();
  await expect(page.getByText('Volume licensing needs a work account')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out and sign in again' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'invitation-personal-refused');

  // The refusal changed nothing: the invitation is still waiting for the right account.
  const landing = await request.get(`/api/v1${path}`);
  expect(((await landing.json()) as { state: string }).state).toBe('pending');
});
