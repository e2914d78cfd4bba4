// Help & support end to end (SPEC §10): a signed-in customer opens a request; an operator finds it in the support
// queue, sees the requester's access check, assigns it, replies; the customer sees the reply (and the e-mail is in the
// dev mailbox); the operator resolves it. Then someone who cannot sign in reaches "Contact support" from the sign-in
// page, proves their address with the e-mailed code and sends a request that lands in the same queue. Axe on every page.
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, screenshots, signIn } from './helpers.js';

// Two browsers, many axe runs and e-mails through the worker: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

// A customer of this spec's own: a demo account could have registered for volume licensing in another spec, and the
// operator's view of the requester's access check would then say something else.
const INITIAL_NAME = 'supporte2e';
const CUSTOMER = `kim@${INITIAL_NAME}.onvlcenter.example`;
const CUSTOMER_PASSWORD = 'Support-Password-2026';
const OPERATOR = 'operator@publisher.example';

test.beforeAll(async () => {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  // A worker restarted after a failure finds the customer already made.
  const existing = await api.post('/api/v1/auth/sign-in', { data: { login: CUSTOMER, password: CUSTOMER_PASSWORD } });
  if (existing.status() !== 200) {
    const created = await api.post('/api/v1/tenants', {
      data: {
        organizationName: 'Support E2E',
        initialName: INITIAL_NAME,
        adminUserName: 'kim',
        adminDisplayName: 'Kim Support',
        password: CUSTOMER_PASSWORD,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  await api.dispose();
});

type Mail = { to: string; subject: string; text: string; links: string[] };

/** The newest e-mail to `to` whose subject matches, from the dev mailbox (which answers on loopback). */
async function mailTo(page: Page, to: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(async () => {
      const response = await page.request.get('/api/v1/dev/mailbox?limit=100');
      const mailbox = (await response.json()) as { items: Mail[] };
      found = mailbox.items.find((m) => m.to === to && subject.test(m.subject));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

async function pick(page: Page, combobox: string, option: string) {
  await page.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a customer’s request goes through the operator queue and back, with e-mails', async ({ page, browser }) => {
  const subject = `Agreement missing ${Date.now().toString(36)}`;

  // The customer opens a request from Help & support.
  await page.goto('/support');
  await signIn(page, CUSTOMER, CUSTOMER_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Help & support' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New support request' })).toBeVisible();
  // Nothing filled in: each required field says so.
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect(page.getByText('Choose what the request is about.')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await pick(page, 'What is it about?', 'Sign-in and access');
  await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await page.getByRole('textbox', { name: 'Description' }).fill('Our agreement is not in the list.\nWhy?');
  await screenshots(page, 'support-new-request');
  await page.getByRole('button', { name: 'Send request' }).click();
  const heading = page.getByRole('heading', { level: 1, name: new RegExp(`Request #\\d+: ${subject}`) });
  await expect(heading).toBeVisible();
  const id = /#(\d+)/.exec((await heading.textContent()) ?? '')![1]!;
  await expect(page.getByText('New', { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  const confirmation = await mailTo(page, CUSTOMER, new RegExp(`We received your support request #${id}:`));
  expect(confirmation.links.some((l) => l.endsWith(`/support/requests/${id}`))).toBe(true);

  // The operator finds it in the queue, with the requester's access check.
  const operatorContext = await browser.newContext();
  const op = await operatorContext.newPage();
  await op.goto('/operator/support');
  await signIn(op, OPERATOR, DEMO_PASSWORD);
  await expect(op.getByRole('heading', { level: 1, name: 'Support queue' })).toBeVisible();
  await expectNoSeriousAxeViolations(op);
  await op.getByRole('searchbox', { name: 'Search' }).fill(subject);
  await op.getByRole('button', { name: 'Apply' }).click();
  await expect(op).toHaveURL(/[?&]q=/);
  await screenshots(op, 'support-queue');
  await op.getByRole('link', { name: subject }).click();
  await expect(op.getByRole('heading', { level: 1, name: `Request #${id}: ${subject}` })).toBeVisible();
  await expect(op.getByRole('heading', { level: 3, name: 'Access check of the requester' })).toBeVisible();
  await expect(
    op.getByRole('heading', { level: 3, name: /You have not registered for volume licensing with this sign-in ID/ }),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(op);
  await op.getByRole('button', { name: 'Assign to me' }).click();
  await expect(op.getByText('Assigned to you')).toBeVisible();
  await op.getByRole('textbox', { name: 'Reply' }).fill('Which License ID is missing?');
  await op.getByRole('button', { name: 'Send reply' }).click();
  await expect(op.getByText('Reply sent and e-mailed.')).toBeVisible();
  await expect(op.locator('main .fui-Badge').first()).toHaveText('Waiting on customer');
  await expectNoSeriousAxeViolations(op);
  await screenshots(op, 'support-operator-request');

  // The customer sees the reply, and has it by e-mail.
  const reply = await mailTo(page, CUSTOMER, new RegExp(`Reply to your support request #${id}:`));
  expect(reply.text).toContain('Which License ID is missing?');
  await page.reload();
  await expect(page.getByText('Which License ID is missing?')).toBeVisible();
  await expect(page.getByText('Support asked you something: reply below.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Your reply' }).fill('All of them.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Your reply was sent.')).toBeVisible();
  await expect(page.getByText('In progress', { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'support-customer-request');

  // The operator resolves it; the customer is told.
  await op.reload();
  await expect(op.getByText('All of them.')).toBeVisible();
  await pick(op, 'Change state to', 'Resolved');
  await op.getByRole('button', { name: 'Change state' }).click();
  await expect(op.getByText('State changed to Resolved.')).toBeVisible();
  await mailTo(page, CUSTOMER, new RegExp(`Your support request #${id} is resolved:`));
  await page.reload();
  await expect(page.getByText('This request is resolved.', { exact: false })).toBeVisible();
  await page.getByRole('link', { name: 'All your requests' }).click();
  await expect(page.getByRole('table', { name: 'Your support requests, newest first' })).toContainText(subject);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'support-list');
  await operatorContext.close();
});

test('someone who cannot sign in contacts support with an e-mailed code', async ({ page, browser }) => {
  const email = `sam-${Date.now().toString(36)}@tailspin.example`;
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Cannot sign in? Contact support' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contact support' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contact-support-email');
  await page.getByRole('textbox', { name: 'Your e-mail address' }).fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(`We sent a code to ${email}`)).toBeVisible();

  const codeMail = await mailTo(page, email, /contact form code/);
  const code = /\b(\d{8})\b/.exec(codeMail.text)?.[1];
  expect(code, 'an 8-digit code in the e-mail').toBeTruthy();

  // A wrong code first: the code field says so.
  await page.getByRole('textbox', { name: 'Code from the e-mail' }).fill(code === '00000000' ? '11111111' : '00000000');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Sam Stranger');
  await pick(page, 'What is it about?', 'Sign-in and access');
  await page.getByRole('textbox', { name: 'Subject' }).fill('My account is gone');
  await page.getByRole('textbox', { name: 'Description' }).fill('I left Contoso and lost my sign-in.');
  await page.getByRole('textbox', { name: /Agreement or License ID numbers/ }).fill('V1234567');
  await page.getByRole('button', { name: 'Send to support' }).click();
  await expect(page.getByText('This code is not correct. Check the e-mail we sent and try again.')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contact-support-form');

  await page.getByRole('textbox', { name: 'Code from the e-mail' }).fill(code!);
  await page.getByRole('button', { name: 'Send to support' }).click();
  const sent = page.getByText(/Your request #\d+ is with support/);
  await expect(sent).toBeVisible();
  const id = /#(\d+)/.exec((await sent.textContent()) ?? '')![1]!;
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'contact-support-sent');
  await mailTo(page, email, new RegExp(`We received your support request #${id}:`));

  // It is in the operator's queue as a contact-form request, with no account behind it.
  const operatorContext = await browser.newContext();
  const op = await operatorContext.newPage();
  await op.goto(`/operator/support/${id}`);
  await signIn(op, OPERATOR, DEMO_PASSWORD);
  await expect(op.getByRole('heading', { level: 1, name: `Request #${id}: My account is gone` })).toBeVisible();
  await expect(op.getByText(/came in through the contact form/)).toBeVisible();
  await expect(op.getByText(`No account signs in with ${email} in the public cloud.`)).toBeVisible();
  await expectNoSeriousAxeViolations(op);
  await operatorContext.close();
});
