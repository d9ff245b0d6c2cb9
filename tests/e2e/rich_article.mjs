// An article using everything the Markdown renderer adds to CommonMark, in
// Chromium: a wide table (its wrapper scrolls, the page does not), aligned
// columns, ~~strikethrough~~, bare-URL links, a figure with its caption and
// link cards to a video and to another site.
//   node rich_article.mjs ORIGIN /article/SLUG
// Checks: every element is there as markdown.h says; no request leaves the
// site (a link card loads nothing from the video site; browser.mjs aborts
// and reports any cross-origin request) and there is no iframe; at 390 px
// the page is no wider than the screen while the table scrolls inside its
// wrapper; a click anywhere on a card lands on its link; axe WCAG 2.1 A/AA
// in light and dark colours.  Screenshots (1280 and 390 px, light and
// dark) and the HTML go to $GAZETTE_BUILD/e2e-out/rich-article*.
// Exits 1 if any check failed.
import { openSite, log } from './browser.mjs';

const [origin, path] = process.argv.slice(2);
if (!origin || !path) {
  console.error('usage: node rich_article.mjs ORIGIN /article/SLUG');
  process.exit(2);
}

const VIEWPORTS = [
  ['1280', { width: 1280, height: 900 }],
  ['390', { width: 390, height: 844 }],
];

const site = await openSite(origin);
const expect = (ok, what) => (ok ? log(`ok   ${what}`) : site.fail(what));
try {
  const page = await site.page(VIEWPORTS[0][1]);
  await site.visit(page, path, 'rich-article');
  // Answer the cookie banner first, so it covers nothing in the pictures.
  const reject = page.locator('button[name="choice"][value="reject"]').first();
  if (await reject.count()) {
    await Promise.all([page.waitForLoadState('load'), reject.click()]);
    await site.visit(page, path, null);
  }
  const body = page.locator('.article-body');

  log('check: the elements markdown.h promises');
  expect(await body.locator('.table-wrap > table > thead th').count() >= 8, 'a table with a header row of 8 columns, in .table-wrap');
  expect(await body.locator('td.align-right').count() > 0, 'right-aligned cells (class align-right)');
  const align = await body.locator('td.align-right').first().evaluate((e) => getComputedStyle(e).textAlign);
  expect(align === 'right', `a right-aligned cell is drawn right-aligned (text-align ${align})`);
  expect(await body.locator('del').count() > 0, 'strikethrough as <del>');
  expect(await body.locator('a[href="https://www.example.org/annual-report"]').count() === 1, 'a bare URL made a link');
  const fig = body.locator('figure');
  expect(await fig.locator('img[loading="lazy"][alt]').count() === 1, 'a figure with a lazy image and alt text');
  expect((await fig.locator('figcaption').textContent() || '').includes('ship-to-shore crane'), 'the figure has its caption');
  const natural = await fig.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0);
  expect(natural, 'the figure image loaded');
  const video = body.locator('p.link-card.link-card-video a');
  expect(await video.count() === 1, 'a video link card');
  expect((await video.getAttribute('href')) === 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'the video card links to the video');
  expect((await video.getAttribute('rel')) === 'nofollow noopener external', 'the card link is rel="nofollow noopener external"');
  expect((await video.textContent()) === 'Watch on YouTube', 'the video card says Watch on YouTube');
  const other = body.locator('p.link-card:not(.link-card-video) a');
  expect((await other.textContent()) === 'Open link on example.com', 'the other card names its host');
  expect(await page.locator('iframe').count() === 0, 'no iframe on the page');

  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, vp] of VIEWPORTS) {
      await page.setViewportSize(vp);
      if (name === '390') {
        const widths = await page.evaluate(() => {
          const w = document.querySelector('.article-body .table-wrap');
          return { page: document.documentElement.scrollWidth, view: window.innerWidth,
            wrapScroll: w.scrollWidth, wrapClient: w.clientWidth };
        });
        expect(widths.page <= widths.view, `${scheme} 390: the page is no wider than the screen (${widths.page} <= ${widths.view})`);
        expect(widths.wrapScroll > widths.wrapClient, `${scheme} 390: the wide table scrolls inside its wrapper (${widths.wrapScroll} > ${widths.wrapClient})`);
      }
      const shot = `rich-article-${name}${scheme === 'dark' ? '-dark' : ''}`;
      await site.screenshot(page, shot);
      await body.screenshot({ path: `${site.outDir}/${shot}-body.png` });
      await body.locator('.table-wrap').screenshot({ path: `${site.outDir}/${shot}-table.png` });
    }
    await page.setViewportSize(VIEWPORTS[0][1]);
    await site.axe(page, `rich article (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  log('check: a click anywhere on a card is a click on its link');
  const card = body.locator('p.link-card-video');
  await card.scrollIntoViewIfNeeded();
  const hit = await card.locator('span').evaluate((span) => {
    const r = span.getBoundingClientRect();
    const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return e && e.tagName === 'A' ? e.getAttribute('href') : (e ? e.tagName : 'nothing');
  });
  expect(hit === 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', `the card's URL line is inside the link's hit area (got ${hit})`);

  log('check: the table wrapper takes the keyboard focus (it may scroll)');
  const focusable = await body.locator('.table-wrap').evaluate((w) => { w.focus(); return document.activeElement === w; });
  expect(focusable, 'the table wrapper can be focused');

  const foreign = site.requests.filter((u) => !u.startsWith(`${site.origin}/`));
  expect(foreign.length === 0, `no cross-origin request: ${site.requests.length} requests, ${foreign.length} to other origins`);
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close();
}

if (site.failures.length) {
  console.log(`rich_article: ${site.failures.length} failure(s):`);
  for (const f of site.failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log('rich_article: all checks passed');
