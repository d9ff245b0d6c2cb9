// Typography by language, in Chromium with the fonts `sh tools/deps.sh test`
// installs (Noto CJK beside Latin ones): English quotes, apostrophes and
// dashes never come from a CJK font; Chinese quotes are the full-width CJK
// ones; an element whose lang differs from its page's gets its own
// language's font stack.
//   node typography.mjs PLAN_JSON
// PLAN_JSON (written by test_typography.sh) names two sites and the pages to
// read on each:
//   { "en": { "origin", "latin", "chinese", "list", "chineseTitle" },
//     "zh": { "origin", "latin", "chinese", "list", "latinTitle", "translated" } }
// latin / chinese: an article page in that language; list: a listing that
// holds the article of the other language (chineseTitle / latinTitle), whose
// item carries lang; translated: a Chinese article with a "Read in English"
// link.
// Widths are measured in place: a Range over one character of the rendered
// text, its width divided by the font size of the element holding it.  The
// fonts that drew an element's text come from the DevTools protocol
// (CSS.getPlatformFontsForNode).  Screenshots at 1280 and 390 px go to
// $GAZETTE_BUILD/e2e-out/typography-*.png.  Exits 1 if any check failed.
import { openSite, log } from './browser.mjs';

const plan = JSON.parse(process.argv[2] || 'null');
if (!plan || !plan.en || !plan.zh) {
  console.error('usage: node typography.mjs PLAN_JSON');
  process.exit(2);
}

const VIEWPORTS = [
  ['1280', { width: 1280, height: 900 }],
  ['390', { width: 390, height: 844 }],
];
// The bound for an English curly quote; a CJK quote is 1 em.
const LATIN_MAX = 0.6;
const CJK_MIN = 0.9;
const CJK_MAX = 1.1;
const QUOTES = '\u201c\u201d\u2018\u2019';
const CJK_FONT = /CJK|Source Han|PingFang|YaHei|SimSun|Songti|Hiragino|Heiti/i;

// Answer the cookie banner once per site, so it covers nothing in the
// pictures (the choice is a cookie, kept for the rest of the run).
async function answerBanner(site, page, path) {
  await site.visit(page, path, null);
  const reject = page.locator('button[name="choice"][value="reject"]').first();
  if (await reject.count()) {
    await Promise.all([page.waitForLoadState('load'), reject.click()]);
  }
}

// Go to path and wait until every font the page asked for has loaded.
async function open(site, page, path, name) {
  const { html } = await site.visit(page, path, name);
  await page.evaluate(() => document.fonts.ready);
  return html;
}

/*
 * Every character of chars in the text under the elements matching selector
 * (within root, if given, an element handle): { ch, em, prev, next, newLine,
 * font } where em is its drawn width over its element's font size, prev and
 * next the characters beside it in the same text node ('' at either end),
 * newLine whether it starts a line.  Elements are marked
 * data-gz-probe="N" so the protocol can find them; returns { chars, probes }.
 */
async function measure(page, selector, chars, within = null) {
  return page.evaluate(({ selector, chars, within }) => {
    const scope = within ? document.querySelector(within) : document;
    const out = { chars: [], probes: [] };
    if (!scope) return out;
    let n = document.querySelectorAll('[data-gz-probe]').length;
    for (const el of scope.querySelectorAll(selector)) {
      el.setAttribute('data-gz-probe', String(n));
      out.probes.push({
        id: n, text: el.textContent.trim().slice(0, 60), han: /\p{Script=Han}/u.test(el.textContent),
      });
      n++;
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = walk.nextNode(); t; t = walk.nextNode()) {
        const s = t.data;
        const size = parseFloat(getComputedStyle(t.parentElement).fontSize);
        for (let i = 0; i < s.length; i++) {
          if (!chars.includes(s[i])) continue;
          const r = document.createRange();
          r.setStart(t, i);
          r.setEnd(t, i + 1);
          const box = r.getBoundingClientRect();
          let newLine = false;
          if (i > 0) {
            r.setStart(t, i - 1);
            r.setEnd(t, i);
            newLine = r.getBoundingClientRect().top < box.top - 1;
          }
          out.chars.push({
            ch: s[i], em: box.width / size, prev: s[i - 1] || '', next: s[i + 1] || '', newLine,
            font: getComputedStyle(t.parentElement).fontFamily,
          });
        }
      }
    }
    return out;
  }, { selector, chars, within });
}

// The families the browser drew the probed elements' text with.
async function platformFonts(page, probes) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const result = [];
    for (const p of probes) {
      const { nodeId } = await cdp.send('DOM.querySelector',
        { nodeId: root.nodeId, selector: `[data-gz-probe="${p.id}"]` });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      result.push({ ...p, families: fonts.map((f) => f.familyName) });
    }
    return result;
  } finally {
    await cdp.detach();
  }
}

const isHan = (c) => /\p{Script=Han}/u.test(c);
const fmt = (xs) => xs.map((x) => `${x.ch}${x.em.toFixed(3)}`).join(' ');

const site = await openSite(plan.en.origin);
let zh = null;
const expect = (ok, what) => (ok ? log(`ok   ${what}`) : site.fail(what));

// English text in the elements of selector: at least `least` quotes and
// apostrophes, every one narrower than LATIN_MAX, and no element without a
// Han character (a Chinese title linked from English text has them, rightly
// drawn with a CJK font) drawn with a CJK font.
async function checkLatin(page, label, selector, least, within = null) {
  const m = await measure(page, selector, QUOTES + '\u2014\u2013\u2026', within);
  const q = m.chars.filter((c) => QUOTES.includes(c.ch));
  const wide = q.filter((c) => !(c.em < LATIN_MAX));
  log(`${label}: ${q.length} quotes/apostrophes ${fmt(q)}; dashes/ellipses ${fmt(m.chars.filter((c) => !QUOTES.includes(c.ch)))}`);
  expect(m.probes.length > 0, `${label}: ${selector} found`);
  if (least > 0) {
    expect(q.length >= least, `${label}: at least ${least} curly quotes and apostrophes (${q.length})`);
  }
  expect(wide.length === 0,
    `${label}: every quote and apostrophe narrower than ${LATIN_MAX} em (widest ${Math.max(0, ...q.map((c) => c.em)).toFixed(3)} em)`);
  let latin = 0;
  for (const p of await platformFonts(page, m.probes)) {
    if (p.han) {
      log(`${label}: "${p.text}" holds Han characters (${p.families.join(', ')})`);
      continue;
    }
    latin++;
    const cjk = p.families.filter((f) => CJK_FONT.test(f));
    expect(p.families.length > 0 && cjk.length === 0,
      `${label}: "${p.text}" drawn without a CJK font (${p.families.join(', ')})`);
  }
  expect(latin > 0, `${label}: some of it without Han characters (${latin} of ${m.probes.length})`);
}

// Chinese text in the elements of selector: the quotes set between two Han
// characters (elsewhere Chromium's text-spacing-trim rightly halves one
// beside other punctuation, and at the start of a line) are full-width, at
// least `least` of them; with latinToo, the same elements also drew Latin
// letters or digits with a Latin font (a CJK font first would take them).
async function checkChinese(page, label, selector, least, { latinToo = false, within = null } = {}) {
  const m = await measure(page, selector, QUOTES + '\u2014\u2026', within);
  const q = m.chars.filter((c) => QUOTES.includes(c.ch) && isHan(c.prev) && isHan(c.next) && !c.newLine);
  log(`${label}: ${q.length} quotes between Han characters ${fmt(q)}; all punctuation ${fmt(m.chars)}`);
  expect(m.probes.length > 0, `${label}: ${selector} found`);
  expect(q.length >= least, `${label}: at least ${least} quotes between Han characters (${q.length})`);
  const off = q.filter((c) => !(c.em >= CJK_MIN && c.em <= CJK_MAX));
  expect(off.length === 0 && q.length > 0,
    `${label}: every such quote full-width, ${CJK_MIN}-${CJK_MAX} em (${fmt(off) || 'all'})`);
  const fonts = await platformFonts(page, m.probes);
  const all = new Set(fonts.flatMap((p) => p.families));
  expect([...all].some((f) => CJK_FONT.test(f)), `${label}: drawn with a CJK font (${[...all].join(', ')})`);
  if (latinToo) {
    expect([...all].some((f) => !CJK_FONT.test(f)),
      `${label}: its Latin letters and digits drawn with a Latin font (${[...all].join(', ')})`);
  }
}

async function pageLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

async function shoot(page, name) {
  for (const [w, vp] of VIEWPORTS) {
    await page.setViewportSize(vp);
    await page.evaluate(() => document.fonts.ready);
    await site.screenshot(page, `typography-${name}-${w}`);
  }
  await page.setViewportSize(VIEWPORTS[0][1]);
}

try {
  const page = await site.page(VIEWPORTS[0][1]);

  log(`== the English site (${plan.en.origin})`);
  await answerBanner(site, page, '/');
  await open(site, page, plan.en.latin, 'typography-en-article');
  expect(await pageLang(page) === 'en', `${plan.en.latin}: <html lang="en">`);
  await checkLatin(page, 'English article body', '.article-body p', 6);
  await checkLatin(page, 'English title', '.article-header h1', 2);
  await checkLatin(page, 'English standfirst', '.standfirst', 2);
  await checkLatin(page, 'English byline', '.byline', 0);
  await shoot(page, 'en-article');

  await open(site, page, plan.en.chinese, null);
  expect(await pageLang(page) === 'zh-CN', `${plan.en.chinese}: <html lang="zh-CN"> on the English site`);
  await checkChinese(page, 'Chinese article body (English site)', '.article-body p', 4, { latinToo: true });
  await checkChinese(page, 'Chinese title (English site)', '.article-header h1', 2);

  await open(site, page, plan.en.list, null);
  const zhItem = await page.evaluate((title) => {
    const li = [...document.querySelectorAll('li[lang]')].find((e) => e.textContent.includes(title));
    if (!li) return null;
    li.id = 'gz-zh-item';
    return li.lang;
  }, plan.en.chineseTitle);
  expect(zhItem === 'zh-CN', `${plan.en.list}: the Chinese article's item has lang="zh-CN" (${zhItem})`);
  if (zhItem) {
    await checkChinese(page, 'Chinese item in an English list', 'h2, p', 3, { within: '#gz-zh-item' });
  }

  log(`== the Chinese site (${plan.zh.origin})`);
  zh = await openSite(plan.zh.origin);
  const zpage = await zh.page(VIEWPORTS[0][1]);
  await answerBanner(zh, zpage, '/');
  await open(zh, zpage, '/', 'typography-zh-home');
  expect(await pageLang(zpage) === 'zh-CN', '/: <html lang="zh-CN"> on the Chinese site');
  for (const [w, vp] of VIEWPORTS) {
    await zpage.setViewportSize(vp);
    await zh.screenshot(zpage, `typography-zh-home-${w}`);
  }
  await zpage.setViewportSize(VIEWPORTS[0][1]);

  await open(zh, zpage, plan.zh.chinese, 'typography-zh-article');
  expect(await pageLang(zpage) === 'zh-CN', `${plan.zh.chinese}: <html lang="zh-CN">`);
  await checkChinese(zpage, 'Chinese article body', '.article-body p', 4, { latinToo: true });
  await checkChinese(zpage, 'Chinese title', '.article-header h1', 2);
  await checkChinese(zpage, 'Chinese standfirst', '.standfirst', 2);
  const dots = await zpage.evaluate(() => {
    const em = document.querySelector('.article-body em');
    if (!em) return null;
    const s = getComputedStyle(em);
    return `${s.fontStyle} / ${s.textEmphasisStyle}`;
  });
  expect(dots === 'normal / dot', `Chinese emphasis upright with emphasis dots, not slanted (${dots})`);
  for (const [w, vp] of VIEWPORTS) {
    await zpage.setViewportSize(vp);
    await zh.screenshot(zpage, `typography-zh-article-${w}`);
  }
  await zpage.setViewportSize(VIEWPORTS[0][1]);

  await open(zh, zpage, plan.zh.latin, null);
  expect(await pageLang(zpage) === 'en', `${plan.zh.latin}: <html lang="en"> on the Chinese site`);
  await checkLatin(zpage, 'English article body (Chinese site)', '.article-body p', 6);
  await checkLatin(zpage, 'English title (Chinese site)', '.article-header h1', 2);

  await open(zh, zpage, plan.zh.list, null);
  const enItem = await zpage.evaluate((title) => {
    const li = [...document.querySelectorAll('li[lang]')].find((e) => e.textContent.includes(title));
    if (!li) return null;
    li.id = 'gz-en-item';
    return li.lang;
  }, plan.zh.latinTitle);
  expect(enItem === 'en', `${plan.zh.list}: the English article's item has lang="en" (${enItem})`);
  if (enItem) {
    await checkLatin(zpage, 'English item in a Chinese list', 'h2, p', 3, '#gz-en-item');
  }

  await open(zh, zpage, plan.zh.translated, null);
  await checkLatin(zpage, '"Read in English" on a Chinese page', '.translations a[lang="en"]', 0);
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close().catch(() => {});
  if (zh) await zh.close().catch(() => {});
}

// browser.mjs records each site's own failures (a cross-origin request, a
// page error); the checks above go to the first site's list.
const failures = [...site.failures, ...(zh ? zh.failures : [])];
if (failures.length) {
  console.log(`typography: ${failures.length} failure(s):`);
  for (const f of failures) console.log(`  - ${f}`);
  process.exit(1);
}
console.log('typography: all checks passed');
