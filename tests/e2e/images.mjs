// Images in the editor and on the page, in Chromium (issue 16 points 3 and
// 7); test_images.sh starts an English and a Chinese demo site and hands
//   { en: origin, zh: origin, login, password, photo }
// English site, 1280 px: a new article's text with the cursor after its
// first paragraph; "Insert image" opens the picker dialog (focus inside,
// the library loaded); a JPEG is uploaded from it and comes back chosen;
// Insert without alt text is refused beside the field (aria-invalid, the
// dialog stays open); with alt text, a caption holding quotes and a credit
// the Markdown lands at the cursor, on lines of its own, escaped; the live
// preview shows the figure with its credit; the article is published and
// its page loads a resized copy (currentSrc a -<w>w.jpg, naturalWidth > 0)
// with width, height, srcset and sizes, eagerly (the text's first picture
// with no lead image), the caption and credit under it.  390 px: the
// picker and the article.  Without JavaScript the picker stays hidden and
// its link to the library shows.  Chinese site: the picker in Chinese at
// both widths.  axe on every page, dialog open; screenshots images-*.png;
// pages saved for vnu.
import { openSite, log } from './browser.mjs';

const plan = JSON.parse(process.argv[2]);
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
let failed = false;

async function login(site, page) {
  await site.visit(page, '/admin/login', null);
  await page.fill('#login', plan.login);
  await page.fill('#password', plan.password);
  await Promise.all([page.waitForNavigation(), page.locator('form button[type="submit"]').last().click()]);
  if (new URL(page.url()).pathname !== '/admin') site.fail(`after login at ${page.url()}, want /admin`);
}

function expect(site, ok, what) {
  if (ok) log(`ok   ${what}`);
  else site.fail(what);
}

/* Open the picker and wait for the library list (or its failure text). */
async function openPicker(page) {
  await page.click('#media-picker-open');
  await page.waitForSelector('#media-picker-dialog[open]');
  // "Loading the library…" (in either language) ends with an ellipsis.
  await page.waitForFunction(() => !document.getElementById('media-picker-list').textContent.includes('…'));
}

/* Upload the test photo from the open picker; resolves when it is chosen. */
async function upload(page) {
  await page.setInputFiles('#media-picker-file', plan.photo);
  await page.click('#media-picker-upload');
  await page.waitForSelector('.media-picker-item[aria-pressed="true"]');
}

async function run(site, lang) {
  const page = await site.page(WIDE);
  await login(site, page);
  const body = lang === 'en'
    ? 'The first paragraph, before the picture.\n\nThe second paragraph, after it.'
    : '第一段，在图片之前。\n\n第二段，在图片之后。';
  const title = lang === 'en' ? 'Cranes on the north quay' : '北码头的起重机';

  log(`${lang}: the editor, 1280 px`);
  await site.visit(page, '/admin/articles/new', `images-editor-${lang}-1280`);
  expect(site, await page.isVisible('#media-picker-open'), `${lang}: "Insert image" shown with JavaScript`);
  await page.fill('#title', title);
  await page.fill('#body', body);
  const cut = body.indexOf('\n\n');
  await page.evaluate((at) => {
    const t = document.getElementById('body');
    t.focus();
    t.setSelectionRange(at, at);
  }, cut);
  await openPicker(page);
  expect(site, await page.evaluate(() => document.getElementById('media-picker-dialog').contains(document.activeElement)),
    `${lang}: focus is inside the open dialog`);
  await upload(page);
  const chosenUrl = await page.getAttribute('.media-picker-item[aria-pressed="true"]', 'data-url');
  expect(site, /^\/media\/[0-9a-f]{64}\.jpg$/.test(chosenUrl || ''), `${lang}: the upload is chosen (${chosenUrl})`);
  await site.axe(page, `${lang} picker open at 1280 px`);
  await site.screenshot(page, `images-picker-${lang}-1280`);

  // Alt text is required.
  await page.fill('#media-picker-alt', '');
  await page.click('#media-picker-insert');
  expect(site, await page.isVisible('#media-picker-alt-error') &&
    (await page.getAttribute('#media-picker-alt', 'aria-invalid')) === 'true' &&
    await page.evaluate(() => document.getElementById('media-picker-dialog').open) &&
    (await page.inputValue('#body')) === body,
    `${lang}: Insert without alt text refused beside the field, nothing inserted`);
  if (lang === 'en') {
    await site.screenshot(page, 'images-picker-en-alt-error');
  }
  const alt = lang === 'en' ? 'Two red cranes [STS] over the harbour at dawn' : '清晨港口上方的两台红色岸桥';
  const caption = lang === 'en' ? 'The "north" quay\'s new cranes' : '北码头的新岸桥';
  const credit = lang === 'en' ? 'Photo: Li Wei / Harbour Press' : '摄影：李伟／港口报';
  await page.fill('#media-picker-alt', alt);
  await page.fill('#media-picker-caption', caption);
  await page.fill('#media-picker-credit', credit);
  await page.click('#media-picker-insert');
  await page.waitForFunction(() => !document.getElementById('media-picker-dialog').open);
  const text = await page.inputValue('#body');
  const esc = (s) => s.replace(/[\\[\]]/g, '\\$&');
  const want = body.slice(0, cut) + '\n\n' +
    `![${esc(alt)}](${chosenUrl}` + ` "${caption.replace(/"/g, '\\"')}")\n*${credit}*` +
    '\n\n' + body.slice(cut + 2);
  expect(site, text === want, `${lang}: the Markdown at the cursor, on its own lines:\n${text}\nwant:\n${want}`);
  expect(site, await page.evaluate(() => document.activeElement && document.activeElement.id === 'body'),
    `${lang}: focus back in the text`);
  // The upload had no alt text: the library now has the one typed here.
  const saved = await page.evaluate(() => window.gazettePicker.altSaved());
  const listed = await page.evaluate(() => fetch('/admin/media/picker').then((r) => r.text()));
  expect(site, saved === true && listed.includes(`data-alt="${alt}"`),
    `${lang}: the library image got the alt text (${saved})`);

  // The live preview renders it (editor.js listens to the input event).
  if (await page.evaluate(() => window.gazetteEditor && typeof window.gazetteEditor.preview === 'function')) {
    await page.evaluate(() => window.gazetteEditor.preview());
    const fig = await page.textContent('#desk-preview-body figure figcaption .credit').catch(() => null);
    expect(site, fig === credit, `${lang}: the preview shows the figure with its credit (${fig})`);
  }

  // Publish and read it.
  await page.selectOption('#status', 'published');
  await Promise.all([page.waitForNavigation(), page.click('#desk-save')]);
  const slug = await page.evaluate(() => {
    const a = [...document.querySelectorAll('a[href^="/article/"]')].pop();
    return a ? a.getAttribute('href') : null;
  });
  expect(site, !!slug, `${lang}: saved, with a link to the article (${page.url()})`);
  if (!slug) return;
  for (const vp of [WIDE, PHONE]) {
    const reader = await site.page(vp);
    await site.visit(reader, slug, `images-article-${lang}-${vp.width}`);
    await reader.evaluate(() => document.querySelector('.article-body figure img').scrollIntoView());
    await reader.waitForFunction(() => {
      const i = document.querySelector('.article-body figure img');
      return i && i.complete && i.naturalWidth > 0;
    });
    const img = await reader.evaluate(() => {
      const i = document.querySelector('.article-body figure img');
      return {
        current: i.currentSrc, natural: i.naturalWidth, width: i.getAttribute('width'),
        height: i.getAttribute('height'), srcset: i.getAttribute('srcset'), sizes: i.getAttribute('sizes'),
        loading: i.getAttribute('loading'), alt: i.alt, shown: i.getBoundingClientRect().width,
        credit: document.querySelector('.article-body figure figcaption .credit')?.textContent,
        caption: document.querySelector('.article-body figure figcaption')?.textContent,
      };
    });
    log(`${lang} ${vp.width}: ${JSON.stringify(img)}`);
    expect(site, /-\d+w\.jpg$/.test(img.current) && img.natural > 0,
      `${lang} ${vp.width} px: a resized copy loaded (${img.current}, ${img.natural} px)`);
    expect(site, img.width && img.height && /320w/.test(img.srcset || '') && img.sizes,
      `${lang} ${vp.width} px: width, height, srcset, sizes`);
    expect(site, img.loading === null, `${lang} ${vp.width} px: the text's first picture loads eagerly (no lead image)`);
    expect(site, img.alt === alt && img.credit === credit && img.caption.startsWith(caption),
      `${lang} ${vp.width} px: alt, caption and credit as typed`);
    expect(site, img.shown <= vp.width, `${lang} ${vp.width} px: the picture fits (${img.shown} px)`);
    await site.axe(reader, `${lang} article at ${vp.width} px`);
    await site.screenshot(reader, `images-article-${lang}-${vp.width}`);
  }

  log(`${lang}: the picker at 390 px`);
  const phone = await site.page(PHONE);
  await site.visit(phone, '/admin/articles/new', `images-editor-${lang}-390`);
  await openPicker(phone);
  await phone.click('.media-picker-item');
  await site.axe(phone, `${lang} picker open at 390 px`);
  await site.screenshot(phone, `images-picker-${lang}-390`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(site, overflow <= 390, `${lang}: the page does not scroll sideways at 390 px (${overflow})`);
}

for (const lang of ['en', 'zh']) {
  const site = await openSite(plan[lang]);
  await run(site, lang);
  if (site.failures.length) failed = true;
  await site.close();
}

// Without JavaScript: the link to the library, no button.
{
  const site = await openSite(plan.en, { javaScriptEnabled: false });
  const page = await site.page(WIDE);
  await login(site, page);
  await site.visit(page, '/admin/articles/new', 'images-editor-nojs');
  expect(site, !(await page.isVisible('#media-picker-open')) && await page.isVisible('#media-picker-hint a[href="/admin/media"]') &&
    !(await page.isVisible('#media-picker-dialog')),
    'without JavaScript: no button, no dialog, the link to the library');
  await site.screenshot(page, 'images-editor-nojs');
  if (site.failures.length) failed = true;
  await site.close();
}

if (failed) {
  console.log('images.mjs: FAILED');
  process.exit(1);
}
console.log('images.mjs: all checks passed');
