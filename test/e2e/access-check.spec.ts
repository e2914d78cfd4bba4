// "Why can't I see volume licensing?" end to end: the demo member of an unmanaged directory learns why and is offered
// the takeover; someone who never registered is told so. Both pages pass axe.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';

test('a member of an unmanaged directory learns why and where to fix it', async ({ page }) => {
  await page.goto('/volume-licensing/access-check');
  await signIn(page, 'ana@fourthcoffee.example', DEMO_PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Why can’t I see volume licensing?' })).toBeVisible();
  const finding = page.getByRole('heading', {
    level: 3,
    name: /Your directory for fourthcoffee\.example is unmanaged/,
  });
  await expect(finding).toBeVisible();
  await expect(page.getByText('Blocks access').first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('link', { name: 'Open the page that fixes this' }).first().click();
  await expect(page).toHaveURL(/\/takeover$/);
});

test('someone who never registered is told so, reaching the page from the Volume licensing area', async ({ page }) => {
  await page.goto('/volume-licensing');
  await signIn(page, 'operator@publisher.example', DEMO_PASSWORD);
  await page
    .getByRole('navigation', { name: 'Volume licensing' })
    .getByRole('link', { name: 'Why can’t I see volume licensing?' })
    .click();
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: /You have not registered for volume licensing with this sign-in ID/,
    }),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});
