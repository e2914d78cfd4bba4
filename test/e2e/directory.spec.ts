// The directory end to end: sign-in guidance from the realm lookup, a work sign-up with the e-mailed code, a Fourth
// Coffee member (an unmanaged directory) taking it over through the wizard after the test publishes the TXT record in
// the harness's DNS server, the Contoso admin's Domains and Users pages, and the operator console undoing that
// takeover. axe checks every page visited. VLC_E2E_SCREENSHOTS=1 also saves full-page screenshots (English and
// Dutch) under test-results/e2e/screens for review.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, signIn, screenshots } from './helpers.js';

// Screenshots switch every page to Dutch and back and check it with axe again: allow for the extra time.
if (process.env.VLC_E2E_SCREENSHOTS) test.describe.configure({ timeout: 180_000 });

const MEMBER = 'ana@fourthcoffee.example';
const CONTOSO_ADMIN = 'admin@contoso.example';
const OPERATOR = 'operator@publisher.example';
const DOMAIN = 'fourthcoffee.example';

/** Same exclusion as shell.spec.ts: only Fluent's tabster focus sentinels, a known axe false positive. */

/** Publishes (or with no values, removes) a TXT record in the DNS server the app resolves against. */
async function publishTxt(name: string, values: string[] | null): Promise<void> {
  const port = process.env.VLC_E2E_DNS_CONTROL_PORT;
  if (!port) throw new Error('VLC_E2E_DNS_CONTROL_PORT is not set: run through playwright.config.ts');
  const response = await fetch(`http://127.0.0.1:${port}/txt`, {
    method: values === null ? 'DELETE' : 'PUT',
    body: JSON.stringify({ name, values: values ?? [] }),
  });
  expect(response.ok).toBe(true);
}

test('the sign-in page guides personal, unmanaged and unknown addresses', async ({ page }) => {
  await page.goto('/sign-in');
  const login = page.getByRole('textbox', { name: 'Sign-in name' });

  await login.fill('someone@gmail.com');
  await login.blur();
  await expect(page.getByText('Volume licensing needs a work account')).toBeVisible();

  await login.fill(MEMBER);
  await login.blur();
  await expect(page.getByText(`Become the administrator of ${DOMAIN}?`)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'sign-in-unmanaged');

  // A wrong password still gets the generic answer; the guidance for the domain stays.
  await login.fill('nobody@unknown-company.example');
  await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('No organization uses unknown-company.example with vlcenter yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expectNoSeriousAxeViolations(page);
});

test('a work sign-up proves the mailbox with the e-mailed code', async ({ page }) => {
  const email = 'casey@tailspin.example';
  await page.goto('/sign-up');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign up' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Work e-mail address' }).fill(email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(`We sent a code to ${email}`)).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'sign-up-code');

  // No SMTP server: the dev mailbox holds the e-mail.
  const mailbox = (await (await page.request.get('/api/v1/dev/mailbox')).json()) as {
    items: { to: string; subject: string; text: string }[];
  };
  const message = mailbox.items.find((item) => item.to === email);
  const code = /\b(\d{8})\b/.exec(message?.text ?? '')?.[1];
  expect(code, 'an 8-digit code in the e-mail').toBeTruthy();

  await page.getByRole('textbox', { name: 'Code from the e-mail' }).fill(code!);
  await page.getByRole('textbox', { name: 'Your name' }).fill('Casey Tailspin');
  await page.getByRole('textbox', { name: 'Password' }).fill('A-long-enough-password-2026');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Casey Tailspin');
  // A new work sign-up joins the unmanaged directory of its domain, so Home offers the takeover.
  await expect(page.getByRole('link', { name: 'Become the administrator of tailspin.example' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('a consumer address is offered a personal account; a new organization shows its sign-in ID', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByRole('textbox', { name: 'Work e-mail address' }).fill('someone@gmail.com');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText('This is a personal e-mail address')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Create a personal account instead' }).click();
  await expect(page.getByRole('radio', { name: 'Personal account' })).toBeChecked();

  await page.getByRole('link', { name: 'Create a new organization' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a new organization');
  await page.getByRole('textbox', { name: 'Organization name' }).fill('Wingtip Toys');
  await page.getByRole('textbox', { name: 'Initial domain name' }).fill('wingtiptoys');
  await page.getByRole('textbox', { name: 'Your name' }).fill('Wendy Wingtip');
  await page.getByRole('textbox', { name: 'Password' }).fill('A-long-enough-password-2026');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'new-organization');
  await page.getByRole('button', { name: 'Create organization' }).click();

  await expect(page.getByText(/^Write this down: admin@wingtiptoys\./)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your sign-in ID' })).toHaveValue(/^admin@wingtiptoys\./);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'new-organization-done');
  await page.getByRole('button', { name: 'Continue to Domains' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Domains');
  await expect(page.getByRole('heading', { level: 2, name: /^wingtiptoys\./ })).toBeVisible();
});

test('a Fourth Coffee member takes over fourthcoffee.example through the wizard', async ({ page }) => {
  await page.goto('/');
  await signIn(page, MEMBER, DEMO_PASSWORD);
  // Signed in, back on the Home page, which offers the takeover while the directory is unmanaged.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome/);
  await expect(page.getByText('Your organization’s directory is unmanaged')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'home-unmanaged');
  await page.getByRole('link', { name: `Become the administrator of ${DOMAIN}` }).click();

  await expect(page).toHaveURL(/\/takeover\?domain=fourthcoffee\.example$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Become the administrator of ${DOMAIN}`);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'takeover-step-1');
  await page.getByRole('button', { name: 'Show the TXT record' }).click();

  const name = page.getByRole('textbox', { name: 'Name (host)' });
  const value = page.getByRole('textbox', { name: 'Value' });
  await expect(value).toHaveValue(/^vlcenter-verify=/);
  await expectNoSeriousAxeViolations(page);

  // Not published yet: a clear "not found" answer, and nothing changes.
  await page.getByRole('button', { name: 'I’ve added the record' }).click();
  await expect(page.getByText('The record was not found')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'takeover-step-2');

  await publishTxt(await name.inputValue(), [await value.inputValue()]);
  await page.getByRole('button', { name: 'I’ve added the record' }).click();
  await expect(page.getByText('Done: your organization is now managed')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'takeover-done');

  // The banner is gone: /me now says the tenant is managed and Ana is its global administrator.
  await page.getByRole('navigation', { name: 'Admin center' }).getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Welcome/);
  await expect(page.getByText('Your organization’s directory is unmanaged')).toHaveCount(0);
  const me = (await (await page.request.get('/api/v1/me')).json()) as {
    account: { isGlobalAdmin: boolean; tenant: { state: string } };
  };
  expect(me.account.tenant.state).toBe('managed');
  expect(me.account.isGlobalAdmin).toBe(true);
});

test('the Contoso administrator adds and verifies a domain and creates a user', async ({ page }) => {
  await page.goto('/domains');
  await signIn(page, CONTOSO_ADMIN, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Domains');

  // A consumer domain is refused: the page's message naming the domain in a message bar, the field's own message
  // (from the field's rule) next to the field.
  const field = page.getByRole('textbox', { name: 'Domain name' });
  await field.fill('gmail.com');
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(
    page.getByText('gmail.com is a personal (consumer) mail domain: it cannot belong to an organization.', {
      exact: false,
    }),
  ).toBeVisible();
  await expect(
    page.getByText('This is a personal mail domain. Use a domain your organization owns.', { exact: true }),
  ).toBeVisible();
  // The same refusal in Dutch: the page's message and the field's, not the server's English.
  await page.getByRole('button', { name: /^Language:/ }).click();
  await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
  await expect(
    page.getByText('gmail.com is een persoonlijk maildomein (voor consumenten)', { exact: false }),
  ).toBeVisible();
  await expect(
    page.getByText('Dit is een persoonlijk maildomein. Gebruik een domein dat van uw organisatie is.', { exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: /^Taal:/ }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await field.fill('contoso-labs.example');
  await page.getByRole('button', { name: 'Add domain' }).click();
  const value = page.getByRole('textbox', { name: 'Value' });
  await expect(value).toHaveValue(/^vlcenter-verify=/);
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'domains');

  await page.getByRole('button', { name: 'Verify contoso-labs.example' }).click();
  await expect(page.getByText('The record was not found')).toBeVisible();
  await publishTxt(await page.getByRole('textbox', { name: 'Name (host)' }).inputValue(), [await value.inputValue()]);
  await page.getByRole('button', { name: 'Verify contoso-labs.example' }).click();
  await expect(page.getByRole('button', { name: 'Verify contoso-labs.example' })).toHaveCount(0);

  await page.goto('/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Display name' }).fill('Lee Labs');
  await dialog.getByRole('textbox', { name: 'User name' }).fill('lee');
  await dialog.getByRole('combobox', { name: 'Domain' }).selectOption('contoso-labs.example');
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Temporary password for lee@contoso-labs.example')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'lee@contoso-labs.example' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'users');

  // The only global administrator cannot remove the role from themself.
  await page.getByRole('button', { name: 'Remove global administrator from Alex Admin' }).click();
  await expect(page.getByText('This is the tenant’s last global administrator.', { exact: false })).toBeVisible();
});

test('the operator sees Fourth Coffee’s takeover and undoes it', async ({ page }) => {
  await page.goto('/operator');
  await signIn(page, OPERATOR, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Operator console');
  await page.getByRole('searchbox', { name: 'Search by name or domain' }).fill('fourth');
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'operator-tenants');
  await page.getByRole('link', { name: /Fourth Coffee/ }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Takeovers' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshots(page, 'operator-tenant');
  await page.getByRole('button', { name: `Undo takeover of ${DOMAIN}` }).click();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Undo takeover' }).click();
  await expect(page.getByText(/^Undone /)).toBeVisible();
  await expect(page.getByText('Unmanaged').first()).toBeVisible();
});
