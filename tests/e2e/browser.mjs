// Browser-test machinery for Gazette: Debian's Chromium driven by
// playwright-core, with the checks every page test wants.
//
//   const site = await openSite('http://127.0.0.1:8080', { outDir });
//   const page = await site.page({ width: 390, height: 844 });
//   const { response, html } = await site.visit(page, '/', 'home');
//   await site.screenshot(page, 'home-390');
//   const problems = await site.axe(page, 'home');
//   await site.close();
//   site.failures  // every failed check, as text
//
// What it checks on every page of the run:
// - no request leaves the site's own origin (Gazette makes no third-party
//   requests); any other origin is recorded and the request aborted;
// - no uncaught page error and no Content-Security-Policy violation (CSP
//   stays on: axe is injected through the DevTools protocol, which CSP does
//   not govern, so no bypassCSP is needed);
// - on demand, axe-core's WCAG 2.0/2.1 A and AA rules.
// It knows nothing about Gazette's pages; tests such as smoke.mjs do.
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Flags for Chromium in a closed network, as root, without a display.
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-dev-shm-usage',
];

export function log(...args) {
  console.log('[browser]', ...args);
}

/*
 * Launch Chromium for the site at origin (scheme://host:port) and return the
 * site handle described at the top.  outDir receives screenshots and saved
 * HTML.  Each launch gets a fresh, temporary user-data-dir.
 */
export async function openSite(origin, { outDir, timeout = 15000, javaScriptEnabled = true } = {}) {
  const base = new URL(origin).origin;
  const profile = mkdtempSync(join(tmpdir(), 'gz-chromium-'));
  outDir = outDir || join(process.env.GAZETTE_BUILD || here, 'e2e-out');
  mkdirSync(outDir, { recursive: true });

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
    javaScriptEnabled,
  });
  context.setDefaultTimeout(timeout);
  const failures = [];
  const requests = [];
  const fail = (msg) => { failures.push(msg); console.log('[browser] FAIL', msg); };

  // Everything that leaves the page goes through here.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let o;
    try { o = new URL(url).origin; } catch { o = 'invalid'; }
    requests.push(url);
    if (o !== base) {
      fail(`cross-origin request: ${url}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });

  const watch = (page) => {
    page.on('pageerror', (err) => fail(`page error on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) {
        fail(`CSP violation on ${page.url()}: ${text}`);
      } else if (msg.type() === 'error') {
        log(`console error on ${page.url()}: ${text}`);
      }
    });
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);

  const site = {
    origin: base, outDir, context, failures, requests, fail,

    /* A page with the given viewport (reuses the first blank one). */
    async page(viewport = { width: 1280, height: 900 }) {
      const blank = context.pages().find((p) => p.url() === 'about:blank' && !p.__used);
      const page = blank || await context.newPage();
      page.__used = true;
      await page.setViewportSize(viewport);
      return page;
    },

    /*
     * Go to path (relative to the site), expect status 200 unless told
     * otherwise, save the body exactly as received to outDir/name.html (for
     * the HTML checker; the DOM would be a re-serialisation).  Returns
     * { response, html, file }.
     */
    async visit(page, path, name, { status = 200 } = {}) {
      const url = new URL(path, base).href;
      log(`visit ${url}`);
      const response = await page.goto(url, { waitUntil: 'load' });
      if (!response) {
        fail(`${url}: no response`);
        return { response, html: '', file: null };
      }
      if (response.status() !== status) fail(`${url}: status ${response.status()}, want ${status}`);
      const html = await response.text();
      let file = null;
      if (name) {
        file = join(outDir, `${name}.html`);
        writeFileSync(file, html);
      }
      return { response, html, file };
    },

    /* Full-page PNG at outDir/name.png. */
    async screenshot(page, name) {
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      log(`screenshot ${file}`);
      return file;
    },

    /*
     * Run axe-core's WCAG 2.0/2.1 A and AA rules on the page; each violation
     * becomes a failure naming the rule and the first offending nodes.
     * Returns the violations.
     */
    async axe(page, label) {
      if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
        const src = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
        // Runtime.evaluate, not a <script> element: CSP does not apply.
        await page.evaluate(src);
      }
      const result = await page.evaluate((tags) => window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }), AXE_TAGS);
      for (const v of result.violations) {
        const nodes = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
        fail(`axe ${label}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${nodes}`);
      }
      log(`axe ${label}: ${result.violations.length} violation(s)`);
      return result.violations;
    },

    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return site;
}
