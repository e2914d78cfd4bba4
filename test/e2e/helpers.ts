// What every end-to-end spec needs: signing in through the page, and an axe check of the current page.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Fluent UI's focus management (tabster) inserts focus sentinels — `<i tabindex="0" aria-hidden="true"
 * data-tabster-dummy>` — that only hand focus on. axe reports them as aria-hidden-focus; Fluent lists this as a known
 * false positive and Microsoft's Accessibility Insights suppresses exactly these nodes (microsoft/tabster#288,
 * microsoft/accessibility-insights-web#7605). Only those nodes are ignored: any other aria-hidden-focus still fails.
 */
const isTabsterSentinel = (ruleId: string, html: string) =>
  ruleId === 'aria-hidden-focus' && /\bdata-tabster-dummy\b/.test(html);

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now. */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.filter((n) => !isTabsterSentinel(v.id, n.html)).map((n) => n.target.join(' ')),
    }))
    .filter((v) => v.nodes.length > 0);
  expect(serious, `axe violations on ${page.url()}`).toEqual([]);
}

/** Fills in and submits the sign-in page the browser is on. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
