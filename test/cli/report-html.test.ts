import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octoberLedger } from '../unit/report/helpers/fixture.js';

/**
 * The HTML report opened in a real browser (Debian's chromium, driven by playwright-core): no
 * console errors, no network request of any kind, every chart has marks and an accessible name.
 * Screenshots go to test-output/ (a CI artifact); UPDATE_SCREENSHOT=1 also refreshes the README's
 * copy in docs/. Without chromium the browser part is skipped locally, and fails under CI=true.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = join(ROOT, 'test-output');
const ENV = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120' };
const haveBrowser = existsSync(CHROMIUM);
const mustRun = process.env.CI === 'true';

let dir: string;
let html: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tl-report-html-'));
  const db = join(dir, 'october.db');
  await (await octoberLedger(db)).close();
  const config = join(dir, 'tokenledger.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      budgets: [
        { name: 'org-monthly', period: 'month', limit_usd: 80 },
        { name: 'search', period: 'month', limit_usd: 25, scope: { project: 'search' } },
      ],
    }),
  );
  html = join(dir, 'spend.html');
  const r = spawnSync(
    process.execPath,
    [CLI, '--db', db, '--config', config, 'report', '--tz', 'Europe/Berlin', '--period', 'day']
      .concat(['--since', '2026-10-01', '--until', '2026-10-31', '--group-by', 'project'])
      .concat(['--as-tier', 'batch', '--format', 'html', '--out', html]),
    { env: ENV, encoding: 'utf8' },
  );
  expect(r.stderr).toContain(`wrote ${html}`);
  expect(r.status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('report --format html', () => {
  it('is one self-contained file: no script, stylesheet link, font or remote URL', () => {
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/<script|<link|@import|@font-face|url\(/i);
    const urls = text.match(/(?:src|href)\s*=\s*["'][^"']*/gi) ?? [];
    expect(urls).toEqual([]);
    // the only URLs are the SVG namespace names, which are never fetched
    expect([...new Set(text.match(/https?:\/\/[^\s"')]+/g))].sort()).toEqual([
      'http://www.w3.org/1999/xlink',
      'http://www.w3.org/2000/svg',
    ]);
    expect(text).toContain('prefers-color-scheme: dark');
    expect(text).toContain('@media print');
    expect(text).toContain('Unpriced usage.');
    expect(text).toMatch(/What-if: batch/);
  });

  it.skipIf(!haveBrowser && !mustRun)(
    `renders in headless chromium without errors or network, every chart has marks${haveBrowser ? '' : ' (skipped: /usr/bin/chromium not installed)'}`,
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'tl-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
        viewport: { width: 1200, height: 900 },
      });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        context.on('request', (r) => {
          if (r.url() !== `file://${html}`) requests.push(r.url());
        });
        await page.goto(`file://${html}`, { waitUntil: 'load' });
        const charts = await page.$$eval('figure svg', (svgs) =>
          svgs.map((s) => ({
            role: s.getAttribute('role'),
            label: s.getAttribute('aria-label') ?? '',
            title: s.querySelector('title')?.textContent ?? '',
            marks: s.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect').length,
            width: s.getBoundingClientRect().width,
          })),
        );
        expect(charts.length).toBe(4); // daily by model, by project, two budget burn-downs
        for (const c of charts) {
          expect(c.role).toBe('img');
          expect(c.label.length).toBeGreaterThan(10);
          expect(c.title).toBe(c.label);
          expect(c.marks, c.label).toBeGreaterThan(0);
          expect(c.width).toBeGreaterThan(300);
        }
        const headline = await page.textContent('.card .value');
        expect(headline).toMatch(/^\$\d/);
        mkdirSync(OUTPUT, { recursive: true });
        await page.screenshot({ path: join(OUTPUT, 'html-report.png'), fullPage: true });
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.screenshot({ path: join(OUTPUT, 'html-report-dark.png'), fullPage: true });
        await page.emulateMedia({ media: 'print', colorScheme: 'light' });
        await page.pdf({ path: join(OUTPUT, 'html-report.pdf') }).catch(() => undefined);
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
        if (process.env.UPDATE_SCREENSHOT) {
          await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
          await page.screenshot({ path: join(ROOT, 'docs', 'html-report.png'), fullPage: true });
          copyFileSync(join(OUTPUT, 'html-report-dark.png'), join(ROOT, 'docs', 'html-report-dark.png'));
        }
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
