// Cursor paging of the list pages (web/src/components/use-cursor-pages.ts + paged-table.tsx), on the Users page of a
// tenant of its own with 27 accounts: 25 rows a page, Previous / Next by mouse and keyboard, a search starts at the
// first page again. The other specs' demo data is left alone.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { expectNoSeriousAxeViolations } from './helpers.js';

const PASSWORD = 'A-long-enough-password-2026';

/** Same exclusion as shell.spec.ts: only Fluent's tabster focus sentinels, a known axe false positive. */

/** A new managed tenant with its administrator and 26 more users; answers the administrator's sign-in name. */
async function tenantWithUsers(): Promise<string> {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const created = await api.post('/api/v1/tenants', {
    data: {
      organizationName: 'Paging Test',
      initialName: 'pagingtest',
      adminUserName: 'admin',
      adminDisplayName: 'Paging Admin',
      password: PASSWORD,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const answer = (await created.json()) as {
    signInName: string;
    tenant: { id: string; initialDomain: string };
    me: { csrfToken: string };
  };
  for (let n = 1; n <= 26; n++) {
    const user = String(n).padStart(2, '0');
    const response = await api.post(`/api/v1/tenants/${answer.tenant.id}/users`, {
      data: {
        userName: `user${user}`,
        domain: answer.tenant.initialDomain,
        displayName: `User ${user}`,
        isGlobalAdmin: false,
      },
      headers: { 'x-csrf-token': answer.me.csrfToken },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  await api.dispose();
  return answer.signInName;
}

test('the Users page pages through 27 accounts, 25 at a time', async ({ page }) => {
  const admin = await tenantWithUsers();
  await page.goto('/users');
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(admin);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const table = page.getByRole('table', { name: 'Users of your organization' });
  const rows = table.getByRole('row');
  const previous = page.getByRole('button', { name: 'Previous page' });
  const next = page.getByRole('button', { name: 'Next page' });
  // Sorted by sign-in name: admin@…, user01@… … user24@… on the first page (plus the header row).
  await expect(rows).toHaveCount(26);
  await expect(table.getByRole('cell', { name: 'User 24', exact: true })).toBeVisible();
  await expect(previous).toBeDisabled();
  await expect(next).toBeEnabled();
  await expectNoSeriousAxeViolations(page);

  await next.click();
  await expect(table.getByRole('cell', { name: 'User 25', exact: true })).toBeVisible();
  await expect(rows).toHaveCount(3);
  // On the last page Next is unavailable but keeps the focus, so a keyboard user is not thrown to the top.
  await expect(next).toBeDisabled();
  await expect(next).toBeFocused();
  await expectNoSeriousAxeViolations(page);

  await previous.focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('cell', { name: 'User 01', exact: true })).toBeVisible();
  await expect(rows).toHaveCount(26);
  await expect(previous).toBeDisabled();

  // A search is a new list: back to its first page.
  await next.click();
  await expect(table.getByRole('cell', { name: 'User 26', exact: true })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search by name or sign-in name' }).fill('User 2');
  await expect(table.getByRole('cell', { name: 'User 20', exact: true })).toBeVisible();
  await expect(rows).toHaveCount(8);
  await expect(previous).toBeDisabled();
  await expect(next).toBeDisabled();
});
