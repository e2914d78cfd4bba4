// What every end-to-end spec needs: signing in through the page, and an axe check of the current page.
import fs from 'node:fs/promises';
import { AxeBuilder } from '@axe-core/playwright';
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Browser,
  type Page,
} from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/seed.js';

/**
 * Fluent UI's focus management (tabster) inserts focus sentinels — `<i tabindex="0" aria-hidden="true"
 * data-tabster-dummy>` — that only hand focus on. axe reports them as aria-hidden-focus; Fluent lists this as a known
 * false positive and Microsoft's Accessibility Insights suppresses exactly these nodes (microsoft/tabster#288,
 * microsoft/accessibility-insights-web#7605). Only those nodes are ignored: any other aria-hidden-focus still fails.
 */
const isTabsterSentinel = (ruleId: string, html: string) =>
  ruleId === 'aria-hidden-focus' && /\bdata-tabster-dummy\b/.test(html);

/** Waits for the page's running animations that end (a toast fading out, a dialog opening) to end. */
async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const ending = document
      .getAnimations()
      .filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
    // An animation cancelled on the way (its element removed) rejects `finished`: that one has ended too.
    await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
}

async function seriousAxeViolations(page: Page) {
  await animationsSettled(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.filter((n) => !isTabsterSentinel(v.id, n.html)).map((n) => n.target.join(' ')),
    }))
    .filter((v) => v.nodes.length > 0);
}

/**
 * No serious or critical WCAG 2.1 A/AA violation on the page as it is now. A violation is reported only if a second
 * look, after the page's animations have ended, still finds it: a toast whose fade-out starts while axe reads the
 * page has, for that moment, the contrast of a half-transparent text, which no user reads.
 */
export async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const first = await seriousAxeViolations(page);
  const serious = first.length === 0 ? first : await seriousAxeViolations(page);
  expect(serious, `axe violations on ${page.url()}`).toEqual([]);
}

/** Clicks what starts a download and answers the saved file's name and bytes. */
export async function downloadBy(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const downloading = page.waitForEvent('download');
  await click();
  const file = await downloading;
  return { name: file.suggestedFilename(), bytes: await fs.readFile(await file.path()) };
}

/** Downloads the CSV file the link named `name` leads to: its text, without the byte-order mark. */
export async function downloadCsv(page: Page, name: string): Promise<string> {
  const file = await downloadBy(page, () => page.getByRole('link', { name, exact: true }).click());
  expect(file.name).toMatch(/\.csv$/);
  return file.bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Fills in and submits the sign-in page the browser is on. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Sign-in name' }).fill(login);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Saves the page in English, then in Dutch (through the language switch), when screenshots are asked for. With a
 * dialog open the language switch is out of reach (the page behind a modal is inert): English only.
 */
export async function screenshots(page: Page, name: string, options: { dialog?: boolean } = {}): Promise<void> {
  if (!process.env.VLC_E2E_SCREENSHOTS) return;
  const dir = `${test.info().project.outputDir}/screens`;
  await page.screenshot({ path: `${dir}/${name}-en.png`, fullPage: true });
  if (options.dialog) return;
  await page.getByRole('button', { name: /^Language:/ }).click();
  await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.screenshot({ path: `${dir}/${name}-nl.png`, fullPage: true });
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: /^Taal:/ }).click();
  await page.getByRole('menuitemradio', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

export interface Session {
  api: APIRequestContext;
  csrf: string;
}

/** An API session of its own (cookies and CSRF token), apart from the browser's. */
export async function apiSession(login: string, password: string): Promise<Session> {
  const api = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL });
  const response = await api.post('/api/v1/auth/sign-in', { data: { login, password } });
  expect(response.status(), await response.text()).toBe(200);
  const me = (await response.json()) as { csrfToken: string };
  return { api, csrf: me.csrfToken };
}

export async function post<T>(session: Session, path: string, data: unknown, status = 201): Promise<T> {
  const response = await session.api.post(path, { data, headers: { 'x-csrf-token': session.csrf } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

export async function get<T>(session: Session, path: string): Promise<T> {
  const response = await session.api.get(path);
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** The id of the demo organization Contoso Ltd, as the demo partner (signed in as `partner`) sees it. */
export async function contosoOrganizationId(partner: Session): Promise<string> {
  const organizations = await get<{ items: { id: string; name: string }[] }>(
    partner,
    '/api/v1/partner/organizations?limit=100',
  );
  const contoso = organizations.items.find((organization) => organization.name === 'Contoso Ltd');
  expect(contoso, 'the demo partner has Contoso Ltd').toBeDefined();
  return contoso!.id;
}

/**
 * The demo partner creates a License ID for Contoso Ltd with `contacts`: Select Plus, public cloud, 2026–2029 unless
 * `overrides` says otherwise. Returns the partner API's answer.
 */
export async function createContosoLicenseId<T = unknown>(
  number: string,
  contacts: { kind: string; name: string; email: string }[],
  overrides: Record<string, unknown> = {},
): Promise<T> {
  const partner = await apiSession('partner@northwind.example', DEMO_PASSWORD);
  const created = await post<T>(partner, '/api/v1/partner/license-ids', {
    number,
    organizationId: await contosoOrganizationId(partner),
    programId: 'select-plus',
    cloud: 'public',
    startDate: '2026-01-01',
    endDate: '2029-12-31',
    contacts,
    ...overrides,
  });
  await partner.api.dispose();
  return created;
}

/** A browser page of its own (cookies apart from the test's page), signed in as `login`. */
export async function signedInPage(browser: Browser, login: string, password: string, path: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(path);
  await signIn(page, login, password);
  return page;
}

/**
 * Sends the filled-in New VL profile request form (with a note for the operator) and returns the request's number
 * from the confirmation; the request's row in "Your new VL profile requests" is returned with it.
 */
export async function sendVlProfileRequest(page: Page, note: string) {
  await page.getByRole('textbox', { name: /Anything else the operator should know/ }).fill(note);
  await page.getByRole('button', { name: 'Send request' }).click();
  const filed = page.getByText(/^Request no\. \d+ sent$/);
  await expect(filed).toBeVisible();
  const id = Number(/\d+/.exec((await filed.textContent()) ?? '')![0]);
  const own = page.getByRole('table', { name: 'Your new VL profile requests' });
  return { id, row: own.getByRole('row').filter({ hasText: String(id) }) };
}

/** The path of the newest invitation link e-mailed to `to` for `licenseIdNumber` (from the dev mailbox, on loopback). */
export async function invitationPath(api: APIRequestContext, to: string, licenseIdNumber: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(async () => {
      const response = await api.get('/api/v1/dev/mailbox?limit=100');
      const mailbox = (await response.json()) as { items: { to: string; text: string; links: string[] }[] };
      const message = mailbox.items.find((m) => m.to === to && m.text.includes(licenseIdNumber));
      const link = message?.links.find((l) => l.includes('/invitations/'));
      found = link ? new URL(link).pathname : undefined;
      return found;
    })
    .toBeDefined();
  return found!;
}
