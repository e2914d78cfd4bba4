// The app shell end to end: sign in as the demo operator, find Volume licensing through the left navigation,
// and check both pages with axe (no serious or critical WCAG violations).
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';
import { expectNoSeriousAxeViolations, signIn } from './helpers.js';

const OPERATOR = 'operator@publisher.example';

test('the sign-in page is accessible', async ({ page }) => {
  await page.goto('/');
  // Signed out, the app sends you to sign in.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
});

test('the demo operator reaches Volume licensing through the left navigation', async ({ page }) => {
  await page.goto('/');
  await signIn(page, OPERATOR, DEMO_PASSWORD);

  const nav = page.getByRole('navigation', { name: 'Admin center' });
  await expect(nav).toBeVisible();
  // Billing › Your products › Volume licensing: open the Billing group if it is collapsed.
  const billing = nav.getByRole('button', { name: 'Billing' });
  if ((await billing.getAttribute('aria-expanded')) === 'false') await billing.click();
  await nav.getByRole('link', { name: 'Volume licensing', exact: true }).click();

  await expect(page).toHaveURL(/\/volume-licensing$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Volume licensing');
  await expectNoSeriousAxeViolations(page);
});
