// Cookie consent in a real browser (headless Chromium):
//   node consent.mjs http://127.0.0.1:PORT /article/SLUG
// 1. JavaScript on: the article shows the banner; Accept hides it without a
//    reload; after a reload it stays away; the jar holds gz_consent=accept.
// 2. JavaScript off: Reject submits the plain form, the reader lands back
//    on the article without the banner, and the cookie jar holds exactly one
//    cookie, gz_consent=reject.
// 3. The footer's Cookie settings link brings the choice back.
import { openSite, log } from './browser.mjs';

const [origin, article] = process.argv.slice(2);
if (!origin || !article) {
  console.error('usage: node consent.mjs ORIGIN ARTICLE_PATH');
  process.exit(2);
}
let failed = 0;

async function withSite(opts, fn) {
  const site = await openSite(origin, opts);
  try {
    await fn(site);
  } finally {
    failed += site.failures.length;
    await site.close();
  }
}

await withSite({}, async (site) => {
  const page = await site.page({ width: 390, height: 844 });
  log('JS on: banner on first visit');
  await site.visit(page, article, 'consent-article');
  const banner = page.locator('form[data-consent]');
  if (!(await banner.isVisible())) site.fail('banner not visible on first visit');
  if ((await site.context.cookies()).length !== 0) site.fail('a cookie was set before any choice');
  await site.screenshot(page, 'consent-banner-390');
  await site.axe(page, 'article with banner');
  await page.evaluate(() => { window.__noReload = 1; });
  await page.locator('button[value="accept"]').click();
  await page.locator('#consent').waitFor({ state: 'hidden' });
  if ((await page.evaluate(() => window.__noReload)) !== 1) site.fail('Accept reloaded the page');
  const jar = await site.context.cookies();
  log(`cookies after accept: ${jar.map((c) => `${c.name}=${c.value}`).join('; ')}`);
  if (jar.length !== 1 || jar[0].name !== 'gz_consent' || !/^accept\.\d+\.\d+$/.test(jar[0].value)) {
    site.fail(`after accept the jar should hold gz_consent=accept.*: ${JSON.stringify(jar)}`);
  }
  if (jar[0] && (!jar[0].httpOnly || jar[0].sameSite !== 'Lax')) site.fail('consent cookie not HttpOnly/Lax');
  await page.reload();
  if (await page.locator('form[data-consent]').count()) site.fail('banner back after reload');
  log('Cookie settings link reopens the choice');
  await page.locator('a', { hasText: 'Cookie settings' }).click();
  await page.waitForLoadState('load');
  if (!(await page.locator('form[data-consent]').isVisible())) site.fail('Cookie settings did not reopen the banner');
});

await withSite({ javaScriptEnabled: false }, async (site) => {
  const page = await site.page({ width: 1280, height: 900 });
  log('JS off: Reject with the plain form');
  await site.visit(page, article, null);
  if (!(await page.locator('form[data-consent]').isVisible())) site.fail('banner not visible (JS off)');
  await Promise.all([page.waitForNavigation(), page.locator('button[value="reject"]').click()]);
  const here = new URL(page.url());
  if (here.pathname !== article) site.fail(`after Reject the reader is at ${here.pathname}, not ${article}`);
  if (await page.locator('form[data-consent]').count()) site.fail('banner still shown after Reject');
  const jar = await site.context.cookies();
  log(`cookies after reject: ${jar.map((c) => `${c.name}=${c.value}`).join('; ')}`);
  if (jar.length !== 1 || jar[0].name !== 'gz_consent' || !/^reject\./.test(jar[0].value)) {
    site.fail(`after reject the jar must hold only gz_consent=reject.*: ${JSON.stringify(jar)}`);
  }
  await site.visit(page, '/', null);
  await site.visit(page, '/search?q=steel', null);
  if ((await site.context.cookies()).length !== 1) site.fail('browsing after reject added cookies');
});

if (failed) {
  console.log(`consent: ${failed} failure(s)`);
  process.exit(1);
}
console.log('consent: all checks passed');
