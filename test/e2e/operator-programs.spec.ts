// The operator console's Programs page: the seeded programs are listed; an operator adds a program and renames it;
// the enterprise style of a program in use cannot be switched. axe clean.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';

test('an operator adds a licensing program and renames it', async ({ page }) => {
  const id = `e2e-${Date.now().toString(36)}`;
  await page.goto('/operator/programs');
  await signIn(page, 'operator@publisher.example', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Programs' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Licensing programs' });
  await expect(table.getByRole('row').filter({ hasText: 'Select Plus' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('textbox', { name: 'Id' }).fill(id);
  await page.getByRole('textbox', { name: 'Name' }).fill('E2E Program');
  await page.getByRole('button', { name: 'Add program' }).click();
  await expect(page.getByText('Program E2E Program added.')).toBeVisible();

  // Find it (programs are listed by name; it may be on a later page of 25). The list reloads after the add: until
  // it has, the row is not there and there may be no next page to go to, so look again rather than give up.
  const row = table.getByRole('row').filter({ hasText: id });
  const next = page.getByRole('button', { name: 'Next' });
  await expect(async () => {
    if (await row.isVisible()) return;
    if (await next.isEnabled()) await next.click();
    throw new Error(`program ${id} not listed yet`);
  }).toPass();
  await row.getByRole('button', { name: 'Edit E2E Program' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit program E2E Program' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('E2E Program Renamed');
  await expect(dialog.getByRole('switch', { name: 'Enterprise style' })).toBeEnabled();
  await expectNoSeriousAxeViolations(page);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole('row').filter({ hasText: id })).toContainText('E2E Program Renamed');
});
