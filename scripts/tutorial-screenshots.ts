// scripts/tutorial-screenshots.ts: `npm run tutorial:screenshots` builds the tutorial site and
// takes the README's pictures of three pages in headless Chromium (Debian's chromium, as the
// specs use it): bread part-way through its run, lock at its end with one wait selected, and
// explore after Find, Shrink and Replay (lost-update). They go to docs/tutorial-NAME.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildSite } from './tutorial.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) {
  console.error('tutorial:screenshots needs chromium at /usr/bin/chromium (apt-get install chromium)');
  process.exit(1);
}
const site = mkdtempSync(join(tmpdir(), 'yf-shots-'));
await buildSite(site, true);
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
mkdirSync(join(ROOT, 'docs'), { recursive: true });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1180 }, deviceScaleFactor: 1 });
  const open = (name: string) => page.goto(pathToFileURL(join(site, `${name}.html`)).href);
  const shoot = async (name: string): Promise<void> => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ROOT, 'docs', `tutorial-${name}.png`) });
    console.log(`docs/tutorial-${name}.png`);
  };

  await open('bread');
  for (let i = 0; i < 14; i++) await page.click('#step');
  await page.locator('#timeline .seg.wait').filter({ hasText: 'Task-4 waits: sleep() (1.0000' }).click({ position: { x: 6, y: 4 } });
  await shoot('bread');

  await open('lock');
  await page.click('#run');
  await page.locator('#timeline .seg.wait').nth(1).click({ position: { x: 6, y: 4 } });
  await shoot('lock');

  await open('explore');
  await page.click('#find'); // lost-update: found with two picks off FIFO, shrunk to one
  await page.click('#shrink');
  await page.click('#replay');
  await page.locator('#timeline .seg.wait').first().click({ position: { x: 20, y: 4 } });
  await shoot('explore');
} finally {
  await browser.close();
  rmSync(site, { recursive: true, force: true });
}
