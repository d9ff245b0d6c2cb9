// Browser smoke test: a reader's first steps through the demo site.
//   node smoke.mjs http://127.0.0.1:PORT
// home -> first category link -> first article, at a phone and a desktop
// width; screenshots and the HTML of home and article go to
// $GAZETTE_BUILD/e2e-out/ (vnu checks the HTML afterwards, test_browser.sh).
// Exits 1 if any check failed: a cross-origin request, a CSP violation or page
// error, a missing link, an axe WCAG 2.1 A/AA violation.
import { openSite, log } from './browser.mjs';

const origin = process.argv[2];
if (!origin) {
  console.error('usage: node smoke.mjs ORIGIN');
  process.exit(2);
}

const VIEWPORTS = [
  ['390', { width: 390, height: 844 }],
  ['1280', { width: 1280, height: 900 }],
];

const site = await openSite(origin);
try {
  const page = await site.page(VIEWPORTS[1][1]);

  log('check: home page loads');
  await site.visit(page, '/', 'home');
  for (const [name, vp] of VIEWPORTS) {
    await page.setViewportSize(vp);
    await site.screenshot(page, `home-${name}`);
  }
  await page.setViewportSize(VIEWPORTS[1][1]);
  log('check: axe on home');
  await site.axe(page, 'home');

  log('check: first category link leads to a category page');
  const cat = await page.locator('a[href^="/category/"]').first().getAttribute('href').catch(() => null);
  if (!cat) {
    site.fail('home: no link to a category (a[href^="/category/"])');
  } else {
    await page.locator(`a[href="${cat}"]`).first().click();
    await page.waitForLoadState('load');
    if (new URL(page.url()).pathname !== cat) site.fail(`category click went to ${page.url()}, want ${cat}`);
    await site.visit(page, cat, 'category');
    await site.screenshot(page, 'category-1280');

    log('check: first article link leads to an article page');
    const art = await page.locator('a[href^="/article/"]').first().getAttribute('href').catch(() => null);
    if (!art) {
      site.fail(`${cat}: no link to an article (a[href^="/article/"])`);
    } else {
      // Load it with goto as well so the body is saved exactly as sent.
      await page.locator(`a[href="${art}"]`).first().click();
      await page.waitForLoadState('load');
      if (new URL(page.url()).pathname !== art) site.fail(`article click went to ${page.url()}, want ${art}`);
      await site.visit(page, art, 'article');
      for (const [name, vp] of VIEWPORTS) {
        await page.setViewportSize(vp);
        await site.screenshot(page, `article-${name}`);
      }
      await page.setViewportSize(VIEWPORTS[1][1]);
      log('check: axe on article');
      await site.axe(page, 'article');
    }
  }

  log('check: search from the masthead form');
  await site.visit(page, '/', null);
  await page.locator('#site-search').fill('steel');
  await Promise.all([page.waitForNavigation(), page.locator('.search-form button').first().click()]);
  if (!(await page.locator('mark').count())) site.fail('search for steel shows no highlighted match');
  await site.visit(page, '/search?q=steel', 'search');
  await site.screenshot(page, 'search-1280');
  await site.axe(page, 'search');

  for (const [path, name] of [['/privacy', 'privacy'], ['/no-such-page', 'notfound'], ['/tag/energy', 'tag'],
    ['/search?q=', 'search-empty']]) {
    await site.visit(page, path, name, { status: name === 'notfound' ? 404 : 200 });
    await site.axe(page, name);
  }

  const foreign = site.requests.filter((u) => !u.startsWith(`${site.origin}/`));
  log(`check: no cross-origin request: ${site.requests.length} requests, ${foreign.length} to other origins`);
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close();
}

if (site.failures.length) {
  console.log(`smoke: ${site.failures.length} failure(s):`);
  for (const f of site.failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log('smoke: all checks passed');
