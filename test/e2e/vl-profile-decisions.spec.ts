// New VL profile requests decided in the operator support queue (SPEC §10), beside vl-profile-story.spec.ts (a re-bind,
// approved):
//   - a "create" request for a License ID that already has an administrator: the operator's Reject dialog needs a
//     reason (without one it says so and nothing changes), then rejects; the requester reads the reason in the
//     e-mail, on the request's page and among their VL profile requests; the request cannot be decided again;
//   - a "create" request filed in the browser for a License ID nobody administers (its Primary contact left before
//     registering): the operator approves it and the requester finds the License ID, as Administrator, in Volume
//     licensing › Contracts.
// Each test makes its own world (a tenant of its own, License IDs of the demo partner for Contoso Ltd named E2E-VPR-…)
// and leaves the demo accounts' data alone. axe checks every page visited.
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import {
  apiSession,
  expectNoSeriousAxeViolations,
  get,
  invitationPath,
  post,
  signIn,
  type Session,
  createContosoLicenseId,
  sendVlProfileRequest,
  signedInPage,
} from './helpers.js';

const OPERATOR = 'operator@publisher.example';
const PASSWORD = 'Vpr-Decisions-Password-2026';

type MailboxMessage = { to: string; subject: string; text: string; links: string[] };

/** The newest e-mail to `to` with this subject (the dev mailbox answers on loopback). */
async function mailTo(api: APIRequestContext, to: string, subject: string): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined;
  await expect
    .poll(async () => {
      const response = await api.get('/api/v1/dev/mailbox?limit=100');
      const mailbox = (await response.json()) as { items: MailboxMessage[] };
      found = mailbox.items.find((m) => m.to === to && m.subject === subject);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** A managed tenant of its own; answers its administrator's sign-in name, API session and tenant id. */
async function newTenant(initialName: string, adminUserName: string, adminDisplayName: string) {
  const anonymous = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const created = await anonymous.post('/api/v1/tenants', {
    data: { organizationName: `VPR ${initialName}`, initialName, adminUserName, adminDisplayName, password: PASSWORD },
  });
  expect(created.status(), await created.text()).toBe(201);
  const answer = (await created.json()) as { signInName: string; tenant: { id: string; initialDomain: string } };
  await anonymous.dispose();
  return { signInName: answer.signInName, tenantId: answer.tenant.id, domain: answer.tenant.initialDomain };
}

type OperatorView = { state: string; rejectionReason: string | null };
const operatorView = (operator: Session, id: number) =>
  get<OperatorView>(operator, `/api/v1/operator/vl-profile-requests/${id}`);

test('an operator rejects a new VL profile request with a reason, which the requester reads; it stays decided', async ({
  page,
  browser,
  request,
}) => {
  const NUMBER = 'E2E-VPR-2001';
  const REASON = `Rita Reyes administers License ID ${NUMBER}: ask her to give you a role.`;
  // Rita, the tenant's administrator, is the Primary contact and registered; Sam is listed as Signatory only.
  const tenant = await newTenant('vprrejecte2e', 'rita', 'Rita Reyes');
  const rita = await apiSession(tenant.signInName, PASSWORD);
  const sam = await post<{ temporaryPassword: string }>(rita, `/api/v1/tenants/${tenant.tenantId}/users`, {
    userName: 'sam',
    domain: tenant.domain,
    displayName: 'Sam Signer',
  });
  const samSignIn = `sam@${tenant.domain}`;
  const samBusinessEmail = `sam.signatory@${tenant.domain}`;
  await createContosoLicenseId(NUMBER, [
    { kind: 'primary', name: 'Rita Reyes', email: tenant.signInName },
    { kind: 'signatory', name: 'Sam Signer', email: samBusinessEmail },
  ]);
  await post(rita, `/api/v1${await invitationPath(request, tenant.signInName, NUMBER)}/redeem`, undefined, 200);
  await rita.api.dispose();

  // Sam asks for a VL profile of his own ("create").
  const samApi = await apiSession(samSignIn, sam.temporaryPassword);
  const filed = await post<{ supportRequestId: number; state: string }>(samApi, '/api/v1/vl-profile-requests', {
    kind: 'create',
    businessEmail: samBusinessEmail,
    licenseIdNumbers: [NUMBER],
    note: 'I sign our agreements and need to see them.',
  });
  expect(filed.state).toBe('pending');
  const id = filed.supportRequestId;
  await samApi.api.dispose();

  // The operator sees that someone administers the License ID (a check for their judgement: Approve stays possible).
  const operator = await signedInPage(browser, OPERATOR, DEMO_PASSWORD, `/operator/support/${id}`);
  await expect(operator.getByRole('heading', { level: 2, name: 'New VL profile request' })).toBeVisible();
  await expect(operator.getByText('Create a VL profile', { exact: true })).toBeVisible();
  // The request's category has a label, not its code.
  await expect(operator.getByText('New VL profile (create)', { exact: true })).toBeVisible();
  await expect(operator.getByText('vl-profile-create')).toHaveCount(0);
  await expect(operator.getByText(samBusinessEmail, { exact: true })).toBeVisible();
  const checks = operator.getByRole('table', { name: /Pre-checks/ });
  const administered = checks.getByRole('row').filter({ hasText: 'Nobody administers the License IDs' });
  await expect(administered).toContainText('Failed');
  await expect(administered).toContainText(`Has an administrator who could add this person: ${NUMBER}`);
  await expect(
    checks.getByRole('row').filter({ hasText: 'The business e-mail is a contact of each License ID' }),
  ).toContainText('Passed');
  await expect(operator.getByRole('button', { name: 'Approve', exact: true })).toBeEnabled();
  await expectNoSeriousAxeViolations(operator);

  // Rejecting without a reason: the dialog says so at the field, stays open, and the request stays pending.
  await operator.getByRole('button', { name: 'Reject…' }).click();
  const dialog = operator.getByRole('dialog', { name: 'Reject this request' });
  await expect(dialog).toBeVisible();
  const reason = dialog.getByRole('textbox', { name: /Reason \(e-mailed to the requester\)/ });
  await reason.fill('   ');
  await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(dialog.getByText('Fill this in.')).toBeVisible();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toBeVisible();
  await expectNoSeriousAxeViolations(operator);
  const operatorApi = await apiSession(OPERATOR, DEMO_PASSWORD);
  expect(await operatorView(operatorApi, id)).toMatchObject({ state: 'pending', rejectionReason: null });

  // With a reason the request is rejected; the decision and the reason show, and the decision buttons are gone.
  await reason.fill(REASON);
  await dialog.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(operator.getByText(/Not approved · Decided by operator@publisher\.example/)).toBeVisible();
  await expect(operator.getByText(`Reason: ${REASON}`)).toBeVisible();
  await expect(operator.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(operator.getByRole('button', { name: 'Reject…' })).toHaveCount(0);
  // The rest of the page follows at once: the support request is resolved, its thread ends with the reason.
  await expect(operator.getByRole('region', { name: 'Messages' })).toContainText(`Not approved: ${REASON}`);
  await expectNoSeriousAxeViolations(operator);
  // Decided once: the server refuses a second decision either way.
  for (const action of ['approve', 'reject'] as const) {
    const again = await operatorApi.api.post(`/api/v1/operator/vl-profile-requests/${id}/${action}`, {
      data: action === 'reject' ? { reason: 'Second thoughts.' } : undefined,
      headers: { 'x-csrf-token': operatorApi.csrf },
    });
    expect(again.status(), await again.text()).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('vl_profile_request.already_decided');
  }
  expect(await operatorView(operatorApi, id)).toMatchObject({ state: 'rejected', rejectionReason: REASON });
  await operatorApi.api.dispose();
  // Opened again, the page still offers no decision; the thread ends with the reason (the support request resolved).
  await operator.reload();
  await expect(operator.getByText(`Reason: ${REASON}`)).toBeVisible();
  await expect(operator.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(operator.getByRole('button', { name: 'Reject…' })).toHaveCount(0);
  await expect(operator.getByRole('region', { name: 'Messages' })).toContainText(`Not approved: ${REASON}`);
  await operator.context().close();

  // The e-mails (to Sam and to the business e-mail) give the reason and link to the request.
  const subject = 'Your new VL profile request was not approved';
  const mail = await mailTo(request, samSignIn, subject);
  expect(mail.text).toContain(`Reason: ${REASON}`);
  expect(mail.text).toContain(`request (no. ${id})`);
  expect((await mailTo(request, samBusinessEmail, subject)).text).toContain(`Reason: ${REASON}`);
  const link = mail.links.find((l) => l.includes(`/support/requests/${id}`));
  expect(link, mail.text).toBeDefined();

  // Sam follows the link: the request is resolved with the operator's reason; his VL profile requests say the same.
  await page.goto(new URL(link!).pathname);
  await signIn(page, samSignIn, sam.temporaryPassword);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Request #${id}:`) })).toBeVisible();
  await expect(page.getByText('This request is resolved.')).toBeVisible();
  await expect(page.getByText(`Not approved: ${REASON}`)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.goto('/volume-licensing/vl-profile-request');
  const own = page.getByRole('table', { name: 'Your new VL profile requests' });
  await expect(own.getByRole('row').filter({ hasText: NUMBER })).toContainText(`Not approved — Reason: ${REASON}`);
  await expectNoSeriousAxeViolations(page);
});

test('an operator approves a "create" request where nobody administers; the requester sees the contract', async ({
  page,
  browser,
  request,
}) => {
  const NUMBER = 'E2E-VPR-2002';
  // Cora's business e-mail is listed as Software Assurance manager (a contact without a role of its own); the Primary
  // contact left before registering, so nobody administers the License ID.
  const tenant = await newTenant('vprcreatee2e', 'cora', 'Cora Create');
  const businessEmail = `cora.licensing@${tenant.domain}`;
  await createContosoLicenseId(NUMBER, [
    { kind: 'primary', name: 'Gone Person', email: `gone@${tenant.domain}` },
    { kind: 'software-assurance-manager', name: 'Cora Create', email: businessEmail },
  ]);

  // Cora sees no agreement, and files the request in the browser.
  await page.goto('/volume-licensing');
  await signIn(page, tenant.signInName, PASSWORD);
  await expect(page.getByRole('heading', { level: 2, name: 'No volume licensing agreements yet' })).toBeVisible();
  await page.goto('/volume-licensing/vl-profile-request');
  await expect(page.getByRole('heading', { level: 1, name: 'New VL profile request' })).toBeVisible();
  await page.getByRole('radio', { name: /Create a VL profile for me/ }).check();
  await expect(page.getByRole('textbox', { name: 'Old sign-in ID' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'New sign-in ID' })).toHaveValue(tenant.signInName);
  await page.getByRole('textbox', { name: 'Business e-mail listed in the agreement' }).fill(businessEmail);
  await page.getByRole('textbox', { name: 'Agreement number(s)' }).fill(NUMBER.toLowerCase());
  const { id, row } = await sendVlProfileRequest(page, 'Our administrator left before registering.');
  await expect(row).toContainText('Create');
  await expect(row).toContainText(NUMBER);
  await expect(row).toContainText('Waiting for an operator');
  await expectNoSeriousAxeViolations(page);

  // The operator reads the pre-checks (all pass) and approves in the browser.
  const operator = await signedInPage(browser, OPERATOR, DEMO_PASSWORD, `/operator/support/${id}`);
  await expect(operator.getByRole('heading', { level: 2, name: 'New VL profile request' })).toBeVisible();
  await expect(operator.getByText('Create a VL profile', { exact: true })).toBeVisible();
  const checks = operator.getByRole('table', { name: /Pre-checks/ });
  for (const label of [
    'The License IDs exist',
    'The business e-mail is a contact of each License ID',
    'No VL profile of this business e-mail is bound to someone else',
    'Nobody administers the License IDs',
    'Filed by the new sign-in ID itself',
  ]) {
    await expect(checks.getByRole('row').filter({ hasText: label }), label).toContainText('Passed');
  }
  await expect(checks.getByText('Failed')).toHaveCount(0);
  await expect(
    operator.getByText('Creates the VL profile with Administrator on the License IDs and e-mails every address.'),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(operator);
  await operator.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(operator.getByText(/Approved · Decided by operator@publisher\.example/)).toBeVisible();
  await expect(operator.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await expect(operator.getByRole('button', { name: 'Reject…' })).toHaveCount(0);
  await expectNoSeriousAxeViolations(operator);
  await operator.context().close();

  const mail = await mailTo(request, businessEmail, 'Your VL profile has been created');
  expect(mail.text).toContain(`as Administrator of License ID ${NUMBER}`);

  // Cora now finds the License ID in Volume licensing › Contracts, as its Administrator.
  await page.reload();
  await expect(row).toContainText('Approved');
  await page.getByRole('navigation', { name: 'Volume licensing' }).getByRole('link', { name: 'Contracts' }).click();
  await expect(page).toHaveURL(/\/volume-licensing$/);
  const agreements = page.getByRole('table', { name: 'Your agreements' });
  await expect(agreements.getByRole('row').filter({ hasText: NUMBER })).toContainText('Administrator');
  await expectNoSeriousAxeViolations(page);
});
