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

test('on a phone the top bar fits: its buttons show icons only, still named for screen readers', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, OPERATOR, DEMO_PASSWORD);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeVisible();
  await expect(page.getByRole('button', { name: 'Language: English' })).toBeVisible();
  // Nothing sticks out of the bar or the page, and the words are not drawn (only the icons).
  const fits = await page
    .locator('header')
    .first()
    .evaluate((bar) => ({
      bar: bar.scrollWidth <= bar.clientWidth,
      page: document.documentElement.scrollWidth <= window.innerWidth,
    }));
  expect(fits).toEqual({ bar: true, page: true });
  // With its words a Fluent button is at least 96 pixels wide; with its icon alone, about 50.
  expect((await signOut.boundingBox())!.width).toBeLessThan(64);
  await expectNoSeriousAxeViolations(page);
  await context.close();
});
