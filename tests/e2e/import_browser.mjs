// The imported WordPress Theme Unit Test site, page by page, in Chromium.
//   node import_browser.mjs ORIGIN PLAN.json OUTDIR
// PLAN.json (written by test_import_browser.sh from the database) lists what
// a reader may see: {articles, pages, categories, tags}, each [{slug, title}].
// Every article (/article/slug), page (/p/slug), category (/category/slug)
// and tag (/tag/slug), the home page and /search?q=image must answer 200
// with the expected title in the page's <h1> (not for home and search) and
// be no wider than a phone's screen (390 px: nothing makes the page scroll
// sideways; a wide table scrolls inside its wrapper); browser.mjs fails the
// run on any cross-origin request, CSP violation or page error.  Each body is saved as OUTDIR/<kind>-NN.html for the Nu HTML
// checker (run afterwards by the shell script).  A sample gets axe (WCAG 2.1
// A/AA) and screenshots at 1280 and 390 px: home, the first category, and
// the articles with a table, a link card and figures (found by title, as
// the fixture names them).  Exits 1 if any check failed.
import { readFileSync } from 'node:fs';
import { openSite, log } from './browser.mjs';

const [origin, planFile, outDir] = process.argv.slice(2);
if (!origin || !planFile || !outDir) {
  console.error('usage: node import_browser.mjs ORIGIN PLAN.json OUTDIR');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planFile, 'utf8'));

const VIEWPORTS = [
  ['1280', { width: 1280, height: 900 }],
  ['390', { width: 390, height: 844 }],
];
// Articles of the fixture chosen for what their bodies hold.
const SAMPLE = [
  ['table', 'Markup: HTML Tags and Formatting'],
  ['video', 'Post Format: Video (YouTube)'],
  ['figures', 'Markup: Image Alignment'],
];

const site = await openSite(origin, { outDir });
const pad = (i) => String(i + 1).padStart(2, '0');
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();

try {
  const page = await site.page(VIEWPORTS[0][1]);
  // Answer the cookie banner once, so that it covers nothing in the
  // screenshots (the choice is a cookie; later pages do not show it).
  await site.visit(page, '/', null);
  const reject = page.locator('button[name="choice"][value="reject"]').first();
  if (await reject.count()) {
    await Promise.all([page.waitForLoadState('load'), reject.click()]);
  }

  // fits PATH: the page is no wider than the viewport; else a failure
  // naming the outermost elements that stick out.
  const fits = async (path) => {
    const [width, view, wide] = await page.evaluate(() => {
      const w = window.innerWidth;
      const out = [];
      for (const e of document.querySelectorAll('body *')) {
        const up = e.parentElement;
        if (e.getBoundingClientRect().right > w + 1 && !(up && up.getBoundingClientRect().right > w + 1)) {
          const cls = typeof e.className === 'string' && e.className ? `.${e.className.split(' ')[0]}` : '';
          out.push(`${e.tagName.toLowerCase()}${cls} "${e.textContent.replace(/\s+/g, ' ').trim().slice(0, 30)}"`);
        }
      }
      return [document.documentElement.scrollWidth, w, out.slice(0, 3)];
    });
    if (width > view) {
      site.fail(`${path}: page ${width} px wide at ${view} px (scrolls sideways): ${wide.join(', ')}`);
    }
  };
  // visit PATH NAME TITLE: 200, saved, fits, and TITLE (if given) in the <h1>.
  const visit = async (path, name, title) => {
    const { response } = await site.visit(page, path, name);
    if (!response) {
      return;
    }
    await fits(path);
    if (title === undefined) {
      return;
    }
    const h1 = norm(await page.locator('h1').first().textContent().catch(() => ''));
    if (h1 !== norm(title)) {
      site.fail(`${path}: <h1> is "${h1}", want "${title}"`);
    }
  };
  const sampled = async (path, name) => {
    await site.visit(page, path, null);
    for (const [w, vp] of VIEWPORTS) {
      await page.setViewportSize(vp);
      await fits(path);
      await site.screenshot(page, `${name}-${w}`);
    }
    await page.setViewportSize(VIEWPORTS[0][1]);
    await site.axe(page, name);
  };

  // Every page at a phone's width: where a page too wide hurts most.
  await page.setViewportSize(VIEWPORTS[1][1]);
  await visit('/', 'home');
  await visit('/search?q=image', 'search');
  if (!(await page.locator('mark').count())) {
    site.fail('/search?q=image: no highlighted match');
  }
  const kinds = [
    ['articles', 'article', '/article/'],
    ['pages', 'page', '/p/'],
    ['categories', 'category', '/category/'],
    ['tags', 'tag', '/tag/'],
  ];
  for (const [key, kind, prefix] of kinds) {
    log(`check: ${plan[key].length} ${key}`);
    for (const [i, item] of plan[key].entries()) {
      await visit(prefix + encodeURIComponent(item.slug), `${kind}-${pad(i)}`, item.title);
    }
  }

  await page.setViewportSize(VIEWPORTS[0][1]);
  log('check: axe and screenshots on the sample');
  await sampled('/', 'shot-home');
  if (plan.categories.length) {
    await sampled(`/category/${encodeURIComponent(plan.categories[0].slug)}`, 'shot-category');
  } else {
    site.fail('no category with articles to sample');
  }
  for (const [name, title] of SAMPLE) {
    const art = plan.articles.find((a) => a.title === title);
    if (!art) {
      site.fail(`no visible article titled "${title}" (the sample needs it)`);
      continue;
    }
    await sampled(`/article/${encodeURIComponent(art.slug)}`, `shot-${name}`);
  }
  // What the sample was chosen for is there, so axe saw it.
  const count = async (path, sel) => {
    await site.visit(page, path, null);
    return page.locator(`.article-body ${sel}`).count();
  };
  const slugOf = (t) => encodeURIComponent((plan.articles.find((a) => a.title === t) || {}).slug || '');
  if ((await count(`/article/${slugOf(SAMPLE[0][1])}`, 'table')) < 1) {
    site.fail(`"${SAMPLE[0][1]}" has no table`);
  }
  if ((await count(`/article/${slugOf(SAMPLE[1][1])}`, '.link-card')) < 1) {
    site.fail(`"${SAMPLE[1][1]}" has no link card`);
  }
  if ((await count(`/article/${slugOf(SAMPLE[2][1])}`, 'figure')) < 1) {
    site.fail(`"${SAMPLE[2][1]}" has no figure`);
  }

  const foreign = site.requests.filter((u) => !u.startsWith(`${site.origin}/`));
  log(`check: no cross-origin request: ${site.requests.length} requests, ${foreign.length} to other origins`);
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close();
}

if (site.failures.length) {
  console.log(`import_browser: ${site.failures.length} failure(s):`);
  for (const f of site.failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log('import_browser: all checks passed');
