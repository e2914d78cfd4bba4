// The operator console's agreements side end to end: approving the demo's pending organization (Fourth Coffee),
// issuing an API token for the demo partner (Northwind Licensing) that is shown once, and revoking it. axe checks
// every page and dialog visited.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';

const OPERATOR = 'operator@publisher.example';

/** Same exclusion as shell.spec.ts: only Fluent's tabster focus sentinels, a known axe false positive. */

test('the operator approves Fourth Coffee', async ({ page }) => {
  await page.goto('/operator');
  await signIn(page, OPERATOR, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Operator console');
  const sections = page.getByRole('navigation', { name: 'Operator console sections' });
  await expect(sections.getByRole('link', { name: 'Tenants' })).toHaveAttribute('aria-current', 'page');
  await sections.getByRole('link', { name: 'Organizations' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organizations');
  await expect(page.getByRole('combobox', { name: 'Approval' })).toHaveValue('pending');
  const row = page.getByRole('row', { name: /Fourth Coffee/ });
  await expect(row.getByText('Pending')).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Reject asks for a reason in a dialog; cancelling it changes nothing.
  await row.getByRole('button', { name: 'Reject Fourth Coffee' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: /Reason/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await row.getByRole('button', { name: 'Approve Fourth Coffee' }).click();
  await expect(row.getByText('Approved')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Approve Fourth Coffee' })).toBeHidden();

  await page.getByRole('combobox', { name: 'Approval' }).selectOption('approved');
  await expect(page.getByRole('row', { name: /Fourth Coffee/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('the operator creates a token for Northwind, sees it once and revokes it', async ({ page }) => {
  await page.goto('/operator/partners');
  await signIn(page, OPERATOR, DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Partners');
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('link', { name: 'Northwind Licensing' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Northwind Licensing');
  await expect(page.getByRole('heading', { level: 2, name: 'API tokens' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const tokenName = 'E2E order feed';
  await page.getByRole('textbox', { name: /Token name/ }).fill(tokenName);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Copy the token now')).toBeVisible();
  await expect(page.getByText('This is the only time the token is shown')).toBeVisible();
  const value = page.getByRole('textbox', { name: `Token ${tokenName}` });
  const token = await value.inputValue();
  expect(token.length).toBeGreaterThan(20);
  await expect(page.getByRole('button', { name: `Copy Token ${tokenName}` })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(tokenName) });
  await expect(row.getByText('Active')).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Shown once: after a reload the token's value is nowhere on the page, only its prefix.
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByText('Copy the token now')).toBeHidden();
  await expect(page.getByText(token)).toHaveCount(0);

  await row.getByRole('button', { name: `Revoke token ${tokenName}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('The token stops working at once.', { exact: false })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText(/^Revoked /)).toBeVisible();
  await expect(row.getByRole('button', { name: `Revoke token ${tokenName}` })).toBeHidden();

  // The revoked token no longer opens the partner API.
  const answer = await page.request.get('/api/v1/partner/organizations', {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(answer.status()).toBe(401);
});
