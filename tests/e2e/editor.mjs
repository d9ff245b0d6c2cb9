// The editor desk in Chromium (issue 16 points 2 and 7); test_editor.sh
// starts the two sites and hands the plan:
//   { en: { origin, article, slug, title }, zh: { origin, article },
//     clock, login, password }
// English site, 1280 px: the text and the preview side by side; the live
// preview comes from the server's renderer (a table and emphasis) with the
// word count (Chinese characters count one each); the title is mirrored;
// no warning before leaving an unchanged page, one after typing; a draft
// copy is made (window.gazetteEditor.autosave(), the 30 s timer's own
// function), the tab closed without saving, the published article still
// shows its old title, the editor offers the copy, Restore fills the form,
// Ctrl+S saves it (the published page now has it) and the offer is gone;
// the revisions page shows the change as <del>/<ins>.  A new article: its
// copy is offered on the next "New article" form, Discard removes it;
// another is restored and saved once.  390 px: Write / Preview tabs.
// Chinese site: the desk in Chinese at both widths.  axe on every page at
// both widths; screenshots editor-*.png; pages saved for vnu.
import { writeFileSync } from 'node:fs';
import { openSite, log } from './browser.mjs';

const plan = JSON.parse(process.argv[2]);
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
let clock = Math.floor(Date.now() / 1000);

/* Move the server's test clock on by s seconds. */
function tick(s) {
  clock += s;
  writeFileSync(plan.clock, `${clock}\n`);
}

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

/* Whether a beforeunload dialog shows when the page is closed. */
async function warnsOnClose(page) {
  const result = new Promise((resolve) => {
    page.once('dialog', async (d) => {
      const type = d.type();
      await d.accept();
      resolve(type === 'beforeunload');
    });
    page.once('close', () => resolve(false));
  });
  await page.close({ runBeforeUnload: true });
  return result;
}

async function both(site, page, name, label) {
  await site.axe(page, `${label} at ${page.viewportSize().width} px`);
  await site.screenshot(page, name);
}

// ---------------------------------------------------------------- English
const en = await openSite(plan.en.origin);
{
  const site = en;
  const editPath = `/admin/articles/${plan.en.article}`;
  let page = await site.page(WIDE);
  await login(site, page);
  // One tab stays open throughout: when the last one closes, Chromium ends
  // the browsing session and drops the session cookie with it.
  const keeper = await site.page(WIDE);
  await site.visit(keeper, '/admin', null);

  log('editor at 1280 px: layout, preview, word count');
  await site.visit(page, editPath, 'editor-en-1280');
  await page.evaluate(() => window.gazetteEditor.preview());
  const boxes = await page.evaluate(() => {
    const r = (id) => document.getElementById(id).getBoundingClientRect();
    return { title: r('title'), body: r('body'), preview: r('desk-preview'), main: document.querySelector('main').getBoundingClientRect() };
  });
  expect(site, boxes.preview.left >= boxes.body.right && Math.abs(boxes.preview.top - boxes.body.top) < 80,
    `text and preview side by side at 1280 px (body ${Math.round(boxes.body.left)}-${Math.round(boxes.body.right)}, preview from ${Math.round(boxes.preview.left)})`);
  expect(site, boxes.title.width > boxes.main.width - 60,
    `title field as wide as the page (${Math.round(boxes.title.width)} of ${Math.round(boxes.main.width)} px)`);
  expect(site, await page.locator('.desk-tabs').isHidden(), 'no tabs at 1280 px');
  expect(site, /\d+ words · \d+ minutes? to read/.test(await page.textContent('#desk-stats')),
    `word count shown: ${await page.textContent('#desk-stats')}`);
  expect(site, !(await warnsOnClose(await (async () => {
    const p = await site.page(WIDE);
    await site.visit(p, editPath, null);
    // A click gives the page the user activation a warning needs.
    await p.locator('#body').click();
    return p;
  })())), 'no warning when leaving an unchanged editor');

  await both(site, page, 'editor-en-1280', 'editor');

  const filler = 'The harbour crane moved another container onto the quay.\n'.repeat(12);
  const body = `A **desk** test 今天天气很好\n\n| Port | Ships |\n|---|---|\n| North | 12 |\n\n${filler}`;
  await page.fill('#body', body);
  await page.evaluate(() => window.gazetteEditor.preview());
  const strong = await page.textContent('#desk-preview-body strong').catch(() => null);
  const cell = await page.textContent('#desk-preview-body table td').catch(() => null);
  expect(site, strong === 'desk' && cell === 'North', `live preview rendered by the server (strong=${strong}, td=${cell})`);
  const stats = await page.textContent('#desk-stats');
  // A, **desk**, test, 6 Chinese characters, |, Port ... : the table cells count too.
  expect(site, /^\d+ words · 1 minute to read$/.test(stats) && parseInt(stats, 10) >= 9,
    `word count follows the text, CJK characters counted (${stats})`);
  await page.fill('#title', 'Desk test: a draft copy');
  expect(site, (await page.textContent('#desk-preview-title')) === 'Desk test: a draft copy', 'title mirrored in the preview');

  log('autosave, then the tab is closed without saving');
  tick(60);
  const saved = await page.evaluate(() => window.gazetteEditor.autosave());
  expect(site, saved === true && /Draft copy saved at/.test(await page.textContent('#desk-status')),
    `draft copy saved (${await page.textContent('#desk-status')})`);
  const again = await page.evaluate(() => window.gazetteEditor.autosave());
  expect(site, again === false, 'no second copy while nothing changed');
  await page.locator('#body').click();
  await page.keyboard.type(' More.');
  expect(site, await warnsOnClose(page), 'warning before leaving with unsaved changes');

  page = await site.page(WIDE);
  await site.visit(page, `/article/${encodeURIComponent(plan.en.slug)}`, null);
  expect(site, (await page.textContent('h1')).trim() === plan.en.title,
    'the published article still has its old title (autosave never touches it)');

  tick(60);
  await site.visit(page, editPath, null);
  const offer = page.locator('.autosave-offer');
  expect(site, await offer.isVisible() && /A draft copy from .* was saved automatically/.test(await offer.textContent()),
    'the editor offers the draft copy');
  await Promise.all([page.waitForNavigation(), offer.locator('a').click()]);
  await site.visit(page, page.url().replace(plan.en.origin, ''), 'editor-en-restored');
  expect(site, (await page.inputValue('#title')) === 'Desk test: a draft copy' && (await page.inputValue('#body')) === body.replace(/\n/g, '\n'),
    'Restore fills the form with the draft copy');
  expect(site, await page.evaluate(() => window.gazetteEditor.dirty()), 'a restored copy counts as unsaved');
  await page.fill('#title', 'Desk test: saved after recovery');
  await page.locator('#body').click();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Control+s')]);
  expect(site, /done=saved/.test(page.url()), `Ctrl+S saved the article (${page.url()})`);
  expect(site, await page.locator('.autosave-offer').count() === 0, 'no offer once saved');
  await site.visit(page, `/article/${encodeURIComponent(plan.en.slug)}`, null);
  expect(site, (await page.textContent('h1')).trim() === 'Desk test: saved after recovery', 'the published article has the saved text');

  log('revisions: the change word by word');
  // A second save so there are two revisions to compare.
  await site.visit(page, editPath, null);
  await page.fill('#body', body.replace('desk', 'newsroom'));
  await Promise.all([page.waitForNavigation(), page.locator('#desk-save').click()]);
  await site.visit(page, `${editPath}/revisions`, 'editor-en-revisions');
  const del = await page.locator('.revision-diff del').allTextContents();
  const ins = await page.locator('.revision-diff ins').allTextContents();
  expect(site, del.includes('desk') && ins.includes('newsroom'), `word-level diff (del ${JSON.stringify(del)}, ins ${JSON.stringify(ins)})`);
  expect(site, await page.locator('.revision-diff .revision-gap').count() === 1,
    'the long unchanged end of the text is shortened to one gap');
  await both(site, page, 'editor-en-revisions-1280', 'revisions');
  await page.setViewportSize(PHONE);
  await both(site, page, 'editor-en-revisions-390', 'revisions');

  log('a new article: copy offered, discarded; another restored and saved once');
  page = await site.page(WIDE);
  await site.visit(page, '/admin/articles/new', 'editor-en-new');
  await page.fill('#title', 'A new story, discarded');
  await page.fill('#body', 'Words nobody wants.');
  tick(10);
  expect(site, await page.evaluate(() => window.gazetteEditor.autosave()), 'new article: draft copy saved');
  await page.close({ runBeforeUnload: false });
  page = await site.page(WIDE);
  await site.visit(page, '/admin/articles/new', null);
  expect(site, /A new story, discarded/.test(await page.textContent('.autosave-offer')), 'the new-article form offers the copy');
  await Promise.all([page.waitForNavigation(), page.locator('.autosave-offer button').click()]);
  expect(site, /discarded/.test(page.url()) && await page.locator('.autosave-offer').count() === 0, 'Discard removes the copy');
  await page.fill('#title', 'A new story, recovered');
  await page.fill('#body', 'Words worth keeping.');
  tick(10);
  await page.evaluate(() => window.gazetteEditor.autosave());
  await page.close({ runBeforeUnload: false });
  page = await site.page(WIDE);
  await site.visit(page, '/admin/articles/new', null);
  await Promise.all([page.waitForNavigation(), page.locator('.autosave-offer a').click()]);
  expect(site, (await page.inputValue('#title')) === 'A new story, recovered', 'new article restored');
  await Promise.all([page.waitForNavigation(), page.locator('#desk-save').click()]);
  expect(site, /done=created/.test(page.url()), `the restored new article was created (${page.url()})`);
  await site.visit(page, '/admin/articles/new', null);
  expect(site, await page.locator('.autosave-offer').count() === 0, 'no offer once created');

  log('390 px: Write / Preview tabs');
  page = await site.page(PHONE);
  await site.visit(page, editPath, null);
  expect(site, await page.locator('.desk-tabs').isVisible(), 'tabs at 390 px');
  expect(site, await page.locator('#body').isVisible() && await page.locator('#desk-preview').isHidden(), 'Write tab first');
  await both(site, page, 'editor-en-390-write', 'editor (Write tab)');
  await page.click('#desk-tab-preview');
  await page.evaluate(() => window.gazetteEditor.preview());
  expect(site, await page.locator('#body').isHidden() && await page.locator('#desk-preview').isVisible(), 'Preview tab shows the preview only');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(site, wide <= 390, `no sideways scroll at 390 px (${wide})`);
  await both(site, page, 'editor-en-390-preview', 'editor (Preview tab)');

  log('a session that ended: the status line says so, in words');
  await site.context.clearCookies();
  await page.click('#desk-tab-write');
  await page.fill('#body', 'Typed after the session ended.');
  expect(site, (await page.evaluate(() => window.gazetteEditor.autosave())) === false &&
    /session has ended/.test(await page.textContent('#desk-status')),
  `no copy without a session, and the reason shown (${await page.textContent('#desk-status')})`);
  await page.close({ runBeforeUnload: false });
  await en.close();
}

// ---------------------------------------------------------------- Chinese
const zh = await openSite(plan.zh.origin);
{
  const site = zh;
  const page = await site.page(WIDE);
  await login(site, page);
  await site.visit(page, `/admin/articles/${plan.zh.article}`, 'editor-zh-1280');
  await page.fill('#body', '今天天气很好，我们去公园。');
  await page.evaluate(() => window.gazetteEditor.preview());
  const stats = await page.textContent('#desk-stats');
  expect(site, /^11 字 · 阅读约需 1 分钟$/.test(stats), `Chinese word count: each character a word (${stats})`);
  await both(site, page, 'editor-zh-1280', '编辑器');
  await page.setViewportSize(PHONE);
  // The script lays the tabs out on the media query's change event, which
  // the browser delivers after the resize: wait for it, do not race it
  // (an ASan run once looked before the event came).
  const tabsShown = await page.locator('.desk-tabs').waitFor({ state: 'visible' })
    .then(() => true, () => false);
  expect(site, tabsShown, 'tabs at 390 px (Chinese)');
  await both(site, page, 'editor-zh-390', '编辑器');
  await page.close({ runBeforeUnload: false });
  await zh.close();
}

const failures = [...en.failures, ...zh.failures];
if (failures.length) {
  console.log(`editor.mjs: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log('editor.mjs: all checks passed');
