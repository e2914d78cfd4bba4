// The seed's story end to end (issue 7): Lee registered for volume licensing with the account of Contoso's initial
// domain; Contoso now has its own domain and Lee signs in with lee.story@contoso.example. Opening an invitation with
// the new account is refused (the business e-mail is bound to the old sign-in ID); the access check says so and leads
// to a new VL profile request; an operator approves it; Lee's new identity sees the License IDs (including the one
// whose invitation was refused), the old identity sees none. Then the audit log pages show the re-bind, for the
// operator and for Lee, who administers the License IDs now. axe checks every page visited.
// VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and Dutch) under <outputDir>/screens.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  apiSession,
  downloadCsv,
  expectNoSeriousAxeViolations,
  get,
  post,
  screenshots,
  signIn,
  contosoOrganizationId,
  sendVlProfileRequest,
  signedInPage,
} from './helpers.js';

const PARTNER = 'partner@northwind.example';
const CONTOSO_ADMIN = 'admin@contoso.example';
const OPERATOR = 'operator@publisher.example';
const BUSINESS_EMAIL = 'lee.story@contoso.example';
const OLD_SIGN_IN = 'lee.story@contoso.onvlcenter.example';
const FIRST = 'E2E-VP-1001';
const SECOND = 'E2E-VP-1002';

/** The path of the invitation link e-mailed to `to` for `licenseIdNumber` (the dev mailbox answers on loopback). */
async function invitationPath(api: APIRequestContext, to: string, licenseIdNumber: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(async () => {
      const response = await api.get('/api/v1/dev/mailbox?limit=50');
      const mailbox = (await response.json()) as { items: { to: string; text: string; links: string[] }[] };
      const message = mailbox.items.find((m) => m.to === to && m.text.includes(licenseIdNumber));
      const link = message?.links.find((l) => l.includes('/invitations/'));
      found = link ? new URL(link).pathname : undefined;
      return found;
    })
    .toBeDefined();
  return found!;
}

/**
 * The world before the story: two Contoso work accounts for Lee (old: initial domain; new: contoso.example), License
 * ID FIRST for Contoso Ltd and SECOND for a Contoso organization approved only after Lee registered (so its invitation
 * is still open), both listing Lee as Primary contact; Lee registered FIRST with the old account.
 */
async function setTheScene(request: APIRequestContext) {
  const admin = await apiSession(CONTOSO_ADMIN, DEMO_PASSWORD);
  const me = await get<{ account: { tenant: { id: string } } }>(admin, '/api/v1/me');
  const users = `/api/v1/tenants/${me.account.tenant.id}/users`;
  const old = await post<{ temporaryPassword: string }>(admin, users, {
    userName: 'lee.story',
    domain: 'contoso.onvlcenter.example',
    displayName: 'Lee Story',
  });
  const current = await post<{ temporaryPassword: string }>(admin, users, {
    userName: 'lee.story',
    domain: 'contoso.example',
    displayName: 'Lee Story',
  });
  await admin.api.dispose();

  const partner = await apiSession(PARTNER, DEMO_PASSWORD);
  const contosoId = await contosoOrganizationId(partner);
  const labs = await post<{ id: string }>(partner, '/api/v1/partner/organizations', {
    name: 'Contoso Labs',
    city: 'Redmond',
    country: 'US',
    pcns: ['PCN-CL-7001'],
  });
  for (const [number, organizationId] of [
    [FIRST, contosoId],
    [SECOND, labs.id],
  ] as const) {
    await post(partner, '/api/v1/partner/license-ids', {
      number,
      organizationId,
      programId: 'select-plus',
      cloud: 'public',
      startDate: '2026-01-01',
      endDate: '2029-12-31',
      contacts: [{ kind: 'primary', name: 'Lee Story', email: BUSINESS_EMAIL }],
    });
  }
  await partner.api.dispose();

  const oldSession = await apiSession(OLD_SIGN_IN, old.temporaryPassword);
  await post(oldSession, `/api/v1${await invitationPath(request, BUSINESS_EMAIL, FIRST)}/redeem`, undefined, 200);
  await oldSession.api.dispose();

  const operator = await apiSession(OPERATOR, DEMO_PASSWORD);
  await post(operator, `/api/v1/operator/organizations/${labs.id}/approval`, { decision: 'approve' }, 200);
  await operator.api.dispose();

  return {
    oldPassword: old.temporaryPassword,
    currentPassword: current.temporaryPassword,
    secondInvitation: await invitationPath(request, BUSINESS_EMAIL, SECOND),
  };
}

test('a contact who moved to another sign-in ID is refused, asks for a new VL profile, and gets it', async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(300_000);
  const scene = await setTheScene(request);

  // Lee, signed in with the new account, opens the open invitation and is refused: the e-mail is bound elsewhere.
  await page.goto(`/sign-in?next=${encodeURIComponent(scene.secondInvitation)}`);
  await signIn(page, BUSINESS_EMAIL, scene.currentPassword);
  await expect(page.getByText(`Signed in as ${BUSINESS_EMAIL}`)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm and register' }).click();
  await expect(page.getByText('This business e-mail belongs to another sign-in ID')).toBeVisible();
  await expect(page.getByText(/le••••@contoso\.onvlcenter\.example/).first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'vl-profile-refused');

  // The access check says the same and leads to the request page, filled in with what it knows.
  await page.getByRole('link', { name: 'Why can’t I see volume licensing?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Why can’t I see volume licensing?' })).toBeVisible();
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: /Your business e-mail is registered to another sign-in ID: le••••@contoso\.onvlcenter\.example/,
    }),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'vl-profile-access-check');
  const finding = page.getByRole('listitem').filter({ hasText: 'registered to another sign-in ID' });
  await finding.getByRole('link', { name: 'Open the page that fixes this' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'New VL profile request' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /Move my VL profile to another sign-in ID/ })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'New sign-in ID' })).toHaveValue(BUSINESS_EMAIL);
  await expect(page.getByRole('textbox', { name: 'Business e-mail listed in the agreement' })).toHaveValue(
    BUSINESS_EMAIL,
  );
  await expectNoSeriousAxeViolations(page);
  // Sent without the old sign-in ID: the form says what is missing, at the field.
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Fill this in.').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Old sign-in ID' }).fill(OLD_SIGN_IN);
  await page.getByRole('textbox', { name: 'Agreement number(s)' }).fill(FIRST.toLowerCase());
  const { id: supportRequestId, row } = await sendVlProfileRequest(page, 'Contoso moved us to contoso.example.');
  await expect(row).toContainText('Waiting for an operator');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'vl-profile-request-filed');

  // An operator opens the request in the support queue, reads its pre-checks and approves it.
  const operator = await signedInPage(browser, OPERATOR, DEMO_PASSWORD, operatorRequestPath(supportRequestId));
  await expect(operator.getByRole('heading', { level: 2, name: /VL profile request/ })).toBeVisible();
  await expect(operator.getByText(OLD_SIGN_IN).first()).toBeVisible();
  const checks = operator.getByRole('table', { name: /Pre-checks/ });
  await expect(
    checks.getByRole('row').filter({ hasText: 'The VL profile of the business e-mail is bound to the old sign-in ID' }),
  ).toContainText('Passed');
  await expect(checks.getByText('Failed')).toHaveCount(0);
  await expectNoSeriousAxeViolations(operator);
  await screenshots(operator, 'vl-profile-operator-panel');
  await operator.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(operator.getByText(/Approved · Decided by operator@publisher\.example/)).toBeVisible();
  await expect(operator.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expectNoSeriousAxeViolations(operator);

  // Lee's new identity sees both License IDs: the re-bound one, and the one whose invitation was refused.
  await page.goto('/volume-licensing');
  const agreements = page.getByRole('table', { name: 'Your agreements' });
  await expect(agreements.getByRole('row').filter({ hasText: FIRST })).toContainText('Administrator');
  await expect(agreements.getByRole('row').filter({ hasText: SECOND })).toContainText('Administrator');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'vl-profile-new-identity-contracts');

  // The old identity sees none.
  const old = await signedInPage(browser, OLD_SIGN_IN, scene.oldPassword, '/volume-licensing');
  await expect(old.getByRole('heading', { level: 1, name: 'Volume licensing' })).toBeVisible();
  await expect(old.getByText(FIRST)).toHaveCount(0);
  await expect(old.getByText(SECOND)).toHaveCount(0);
  await expectNoSeriousAxeViolations(old);
  await old.context().close();

  // The audit log: the operator filters by action; Lee, now administrator of both, sees the entry of FIRST.
  await operator.goto('/operator/audit-log');
  await expect(operator.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await operator.getByRole('textbox', { name: 'Action' }).fill('vl_profile.');
  await operator.getByRole('button', { name: 'Apply filters' }).click();
  await expect(operator).toHaveURL(/action=vl_profile\./);
  const operatorLog = operator.getByRole('table', { name: 'Audit log entries' });
  const rebound = operatorLog.getByRole('row').filter({ hasText: 'vl_profile.rebound' });
  await expect(rebound).toHaveCount(1);
  await expect(rebound).toContainText(FIRST);
  await expect(rebound).toContainText(OPERATOR);
  await expect(operator.getByRole('link', { name: 'Export to CSV' })).toHaveAttribute(
    'href',
    '/api/v1/audit-log/export?action=vl_profile.',
  );
  await expectNoSeriousAxeViolations(operator);
  await screenshots(operator, 'audit-log-operator');
  // A malformed filter is refused at its field.
  await operator.getByRole('textbox', { name: 'Action' }).fill('Not An Action');
  await operator.getByRole('button', { name: 'Apply filters' }).click();
  await expect(operator.getByRole('textbox', { name: 'Action' })).toHaveAttribute('aria-invalid', 'true');
  await operator.context().close();

  await page.getByRole('navigation', { name: 'Volume licensing' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const leeLog = page.getByRole('table', { name: 'Audit log entries' });
  await expect(leeLog.getByRole('row').filter({ hasText: 'vl_profile.rebound' })).toContainText(FIRST);
  await expect(leeLog.getByRole('columnheader', { name: 'Client address' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'audit-log-administrator');
  expect(await downloadCsv(page, 'Export to CSV')).toContain('vl_profile.rebound');
});

test('the audit log tells someone who administers nothing that it is for administrators', async ({ page }) => {
  await page.goto('/volume-licensing/audit-log');
  await signIn(page, 'ana@fourthcoffee.example', DEMO_PASSWORD);
  await expect(page.getByText('Only administrators see the audit log')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

/** Where an operator handles a support request (of kind vl-profile: with the VL profile request panel). */
function operatorRequestPath(supportRequestId: number): string {
  return `/operator/support/${supportRequestId}`;
}
