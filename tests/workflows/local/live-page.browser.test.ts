// The local page in a real headless Chromium (Debian's chromium through playwright-core), over the real
// app on the local port: posts made by timers (the missing-pupil half-time reminder and parent deadline)
// appear without a reload, a claim and a logged call work by clicking, a pressed form and its errors are
// brought into view, and another site cannot drive the page.
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rollcall } from '../../../src/app/rollcall.js';
import { WORKFLOWS } from '../../../src/app/workflows.js';
import type { LocalChat } from '../../../src/chat/local/session.js';
import { startLocalWeb, type LocalWeb } from '../../../src/chat/local/web.js';
import type { Database } from '../../../src/db/client.js';
import type { ManualClock } from '../../../src/jobs/index.js';
import type { LocalHarness } from '../../support/local-harness.js';
import { localAfterAmClose } from '../unexplained/support.js';

const MINUTE = 60_000;
// CI installs chromium and sets ROLLCALL_BROWSER_REQUIRED, so there a missing browser fails the run;
// a developer's machine without it skips these tests and says so.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.ROLLCALL_BROWSER_REQUIRED) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium or set CHROMIUM_PATH`);
if (!haveBrowser) console.warn(`(skipping the browser tests: no Chromium at ${CHROMIUM})`);

let h: LocalHarness;
let db: Database;
let rollcall: Rollcall;
let clock: ManualClock;
let chat: LocalChat;
let web: LocalWeb;
let browser: Browser;

beforeAll(async () => {
  if (!haveBrowser) return;
  h = await localAfterAmClose(WORKFLOWS);
  ({ db, rollcall, clock } = h);
  chat = h.session('S002', 'attendance');
  web = await startLocalWeb(chat);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await h?.close();
});

// A short window, so that the page is taller than what is on screen and "in view" means something.
async function open(channel: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 800, height: 320 } });
  await page.goto(`${web.url}/?channel=${channel}`);
  await page.locator('#live-status', { hasText: '(live)' }).waitFor();
  return page;
}

/** Whether an element is inside the visible part of the window (what a person would see without scrolling). */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.height > 0 && box.top < window.innerHeight && box.bottom > 0;
  });
}

describe.skipIf(!haveBrowser)('the local page in a browser', () => {
  it('shows the half-time reminder and the parent deadline as they are posted, without a reload', async () => {
    const page = await open('incidents');
    await page.fill('#command input[name=line]', '/missing Lily Evans by the pond');
    await page.click('#command button');
    await rollcall.outbox.drain();
    await page.locator('#posts article', { hasText: 'MISSING' }).filter({ hasText: 'Lily Evans' }).waitFor();
    // A mark on the window that a reload would wipe.
    await page.evaluate(() => Object.assign(window, { stayed: 'yes' }));
    expect(await page.locator('#posts').innerText()).not.toContain('Half the time has gone');

    clock.advance(5 * MINUTE);
    await rollcall.timers.tick();
    await rollcall.outbox.drain();
    await page.locator('#posts', { hasText: 'Half the time has gone' }).waitFor({ timeout: 10_000 });

    clock.advance(5 * MINUTE);
    await rollcall.timers.tick();
    await rollcall.outbox.drain();
    await page.locator('#posts', { hasText: 'NOTIFY PARENTS NOW' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: string }).stayed)).toBe('yes');
    await page.close();
  });

  it('claims a pupil and logs a call by clicking, with the form and its errors brought into view', async () => {
    const page = await open('attendance');
    const amy = await db.prisma.unexplainedAbsence.findFirstOrThrow({ where: { pupil: { upn: 'A100000000001' } } });
    const row = () => page.locator('#posts li', { hasText: /Amy Brown\b/ }).first();

    await row().getByRole('button', { name: 'Claim' }).click();
    await expect.poll(async () => (await db.prisma.unexplainedAbsence.findUniqueOrThrow({ where: { id: amy.id } })).claimedBy).toBeTruthy();
    // The list is edited through the outbox, as in the running app; the page follows the edit.
    await rollcall.outbox.drain();
    await expect.poll(() => row().getByRole('button', { name: 'Claim' }).count()).toBe(0);

    await row().getByRole('button', { name: 'Log call' }).click();
    await page.locator('#form').waitFor();
    expect(await inView(page, '#form')).toBe(true);

    // Sent without an outcome: the form stays open, and the reason is on screen beside it.
    await page.locator('#form button.primary').click();
    await page.locator('#note').waitFor();
    expect(await page.locator('#note').innerText()).toContain('The form needs another look');
    expect(await inView(page, '#note')).toBe(true);
    expect(await db.prisma.contactAttempt.count({ where: { caseId: amy.id } })).toBe(0);

    const jane = await page.locator('#form select[name=contact] option', { hasText: 'Jane Brown' }).getAttribute('value');
    await page.locator('#form select[name=contact]').selectOption(jane!);
    await page.locator('#form select[name=outcome]').selectOption('no-answer');
    await page.locator('#form button.primary').click();
    await expect.poll(() => db.prisma.contactAttempt.count({ where: { caseId: amy.id, outcome: 'no-answer' } })).toBe(1);
    await rollcall.outbox.drain();
    await row().filter({ hasText: 'No answer' }).waitFor();
    const attempt = await db.prisma.contactAttempt.findFirstOrThrow({ where: { caseId: amy.id }, include: { contact: true } });
    expect(attempt.contact?.name).toBe('Jane Brown');
    expect(await page.locator('#form').count()).toBe(0);
    await page.close();
  });
});

/** A raw request, so the test can send the Host and Origin headers another site's page would. */
function send(path: string, method: string, headers: Record<string, string>, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${web.url}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!haveBrowser)('only the page itself can act', () => {
  it('refuses a command posted from another site, and a page reached under another host name', async () => {
    const before = await db.prisma.missingPupilIncident.count();
    const body = 'line=' + encodeURIComponent('/missing Amy Browning at the gate');
    expect(await send('/command', 'POST', { origin: 'https://evil.example' }, body)).toBe(403);
    expect(await send('/', 'GET', { host: `evil.example:${new URL(web.url).port}` })).toBe(403);
    expect(await db.prisma.missingPupilIncident.count()).toBe(before);
    expect(await send('/command', 'POST', { origin: web.url }, 'line=' + encodeURIComponent('/absences'))).toBe(303);
  });
});
