// Pages, menus and branding in Chromium (issue 19 points 1 and 2), as an
// admin does them; test_site_admin.sh starts the two sites and hands the plan:
//   { en: { origin, category: { id, slug, name }, site }, zh: { origin, category },
//     login, password, logo, favicon }
// English site: a new page through the form (the article editor's live
// preview, Create page), unpublished (404) and published again; a header
// menu built in the menu editor (a section, the new page with its own
// label, a link with a link under it, one moved up with its button) and a
// footer item; the home page shows them as nested lists, the nested item
// opens on hover and on keyboard focus at 1280 px and is listed under its
// parent at 390 px (no sideways scroll), aria-current on the current item;
// logo, favicon and theme colour uploaded on the branding page, a fake
// image refused beside its field; the header shows the logo with the site
// name as alt, the accent colour is the chosen one, /favicon.ico leads to
// the PNG; the page deleted (410).  Chinese site: the three admin pages and
// a home with a menu, at both widths.  axe (WCAG 2.1 A/AA) on every page
// at both widths; screenshots site-admin-*.png; pages saved for vnu.
import { openSite, log } from './browser.mjs';

const plan = JSON.parse(process.argv[2]);
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

function expect(site, ok, what) {
  if (ok) log(`ok   ${what}`);
  else site.fail(what);
}

async function login(site, page) {
  await site.visit(page, '/admin/login', null);
  await page.fill('#login', plan.login);
  await page.fill('#password', plan.password);
  await Promise.all([page.waitForNavigation(), page.locator('form button[type="submit"]').last().click()]);
  if (new URL(page.url()).pathname !== '/admin') site.fail(`after login at ${page.url()}, want /admin`);
}

/* Submit by clicking the button matched by sel and wait for the next page. */
async function submit(page, sel) {
  await Promise.all([page.waitForNavigation(), page.locator(sel).first().click()]);
}

/* axe and a screenshot at both widths; the page is left at 1280 px. */
async function look(site, page, name, label) {
  for (const vp of [WIDE, PHONE]) {
    await page.setViewportSize(vp);
    await site.axe(page, `${label} at ${vp.width} px`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(site, wide <= vp.width, `${label}: no sideways scroll at ${vp.width} px (${wide})`);
    await site.screenshot(page, `${name}-${vp.width}`);
  }
  await page.setViewportSize(WIDE);
}

/* Add a menu item through the editor's form. */
async function addItem(site, page, { menu, target, url = '', label = '', parent = '' }) {
  await site.visit(page, '/admin/menus', null);
  await page.selectOption('#menu-menu', menu);
  await page.selectOption('#menu-target', target);
  await page.fill('#menu-url', url);
  await page.fill('#menu-label', label);
  await page.selectOption('#menu-parent', parent);
  await submit(page, 'form[action="/admin/menus"] button[type="submit"]');
}

// ---------------------------------------------------------------- English
const en = await openSite(plan.en.origin);
{
  const site = en;
  const page = await site.page(WIDE);
  await login(site, page);
  const keeper = await site.page(WIDE);
  await site.visit(keeper, '/admin', null);

  log('a new page');
  await site.visit(page, '/admin/pages', 'site-admin-en-pages');
  await submit(page, 'a[href="/admin/pages/new"]');
  expect(site, new URL(page.url()).pathname === '/admin/pages/new', `"New page" leads to the form (${page.url()})`);
  await site.visit(page, '/admin/pages/new', 'site-admin-en-page-new');
  await page.fill('#slug', 'contact');
  await page.fill('#title', 'Contact the newsroom');
  expect(site, (await page.inputValue('#status')) === 'draft', 'a new page starts as a draft');
  await page.selectOption('#status', 'published');
  await page.fill('#body', 'Write to **the desk** at any hour.\n\n| Desk | Hours |\n|---|---|\n| News | 24 |');
  await page.evaluate(() => window.gazetteEditor.preview());
  const strong = await page.textContent('#desk-preview-body strong').catch(() => null);
  expect(site, strong === 'the desk', `live preview from the server's renderer (${strong})`);
  expect(site, (await page.textContent('#desk-preview-title')) === 'Contact the newsroom', 'title mirrored in the preview');
  const boxes = await page.evaluate(() => {
    const r = (id) => document.getElementById(id).getBoundingClientRect();
    return { body: r('body'), preview: r('desk-preview') };
  });
  expect(site, boxes.preview.left >= boxes.body.right, 'text and preview side by side at 1280 px');
  await look(site, page, 'site-admin-en-page-new', 'new page form');
  await submit(page, '#desk-save');
  expect(site, new URL(page.url()).pathname === '/admin/pages/contact', `created: at ${page.url()}`);
  expect(site, (await page.textContent('p.notice')).includes('The page was saved.'), 'says it was saved');
  await site.visit(page, '/admin/pages/contact', 'site-admin-en-page-edit');
  await look(site, page, 'site-admin-en-page-edit', 'page editor');
  let r = await site.visit(page, '/p/contact', null);
  expect(site, (await page.textContent('h1')).includes('Contact the newsroom'), 'the page is public at /p/contact');

  log('unpublish, publish');
  await site.visit(page, '/admin/pages/contact', null);
  await page.selectOption('#status', 'draft');
  await submit(page, '#desk-save');
  await site.visit(page, '/p/contact', null, { status: 404 });
  await site.visit(page, '/admin/pages/contact', null);
  await page.selectOption('#status', 'published');
  await submit(page, '#desk-save');
  await site.visit(page, '/p/contact', null);

  log('the menu editor');
  const c = plan.en.category;
  await addItem(site, page, { menu: 'header', target: `c:${c.id}` });
  expect(site, (await page.textContent('p.notice')).includes('The item was added.'), 'section item added');
  const contactId = await page.evaluate(() => {
    const o = [...document.querySelectorAll('#menu-target option')].find((x) => x.textContent.startsWith('Contact the newsroom'));
    return o ? o.value : '';
  });
  await addItem(site, page, { menu: 'header', target: contactId, label: 'Write to us' });
  await addItem(site, page, { menu: 'header', target: 'link', url: '/archive', label: 'Archive' });
  const archiveId = await page.evaluate(() => {
    const o = [...document.querySelectorAll('#menu-parent option')].find((x) => x.textContent === 'Archive');
    return o ? o.value : '';
  });
  await addItem(site, page, { menu: 'header', target: 'link', url: '/sections', label: 'All sections', parent: archiveId });
  await addItem(site, page, { menu: 'footer', target: contactId });
  // A javascript: link is refused beside its field, the label kept.
  await addItem(site, page, { menu: 'header', target: 'link', url: 'javascript:alert(1)', label: 'Evil' });
  expect(site, await page.locator('#menu-url-error').isVisible() && (await page.inputValue('#menu-label')) === 'Evil',
    'a javascript: address is refused beside the field, the label kept');
  await site.axe(page, 'menu editor with an error');
  // Move "Write to us" up, with its own button.
  await site.visit(page, '/admin/menus', null);
  await submit(page, 'li:has(a:text-is("Write to us")) button[value="up"]');
  const order = await page.evaluate(() => [...document.querySelectorAll('.menu-items li .menu-label a')].map((a) => a.textContent));
  expect(site, order.slice(0, 4).join('|') === `Write to us|${c.name}|Archive|All sections`, `order after Up: ${order.join(', ')}`);
  await site.visit(page, '/admin/menus', 'site-admin-en-menus');
  await look(site, page, 'site-admin-en-menus', 'menu editor');

  log('the menus on the site');
  const home = await site.page(WIDE);
  await site.visit(home, '/', 'site-admin-en-home');
  const nav = await home.evaluate(() => {
    const n = document.querySelector('nav.site-nav');
    return { label: n.getAttribute('aria-label'), top: [...n.querySelectorAll(':scope > div > ul > li > a')].map((a) => a.textContent),
      sub: [...n.querySelectorAll('li.has-sub > ul a')].map((a) => a.textContent) };
  });
  expect(site, nav.label === 'Main menu' && nav.top.join('|') === `Write to us|${c.name}|Archive` && nav.sub.join('|') === 'All sections',
    `header menu: ${JSON.stringify(nav)}`);
  const subLink = home.locator('li.has-sub > ul a');
  expect(site, !(await subLink.isVisible()), 'the nested item is folded at 1280 px');
  await home.hover('li.has-sub > a');
  expect(site, await subLink.isVisible(), 'it opens on hover');
  await site.screenshot(home, 'site-admin-en-home-hover-1280');
  await home.mouse.move(1200, 880);
  await home.focus('li.has-sub > a');
  await home.keyboard.press('Tab');
  expect(site, await subLink.isVisible() && (await home.evaluate(() => document.activeElement.textContent)) === 'All sections',
    'keyboard: Tab from the parent reaches the nested item, which shows');
  expect(site, (await home.textContent('footer nav.footer-menu')).includes('Contact the newsroom'), 'the footer menu shows its item');
  await look(site, home, 'site-admin-en-home', 'home with menus');
  await home.setViewportSize(PHONE);
  expect(site, await subLink.isVisible(), 'at 390 px the nested item is listed under its parent');
  const subBox = await subLink.boundingBox();
  expect(site, subBox && subBox.height >= 24, `and big enough to tap (${subBox && Math.round(subBox.height)} px high)`);
  await home.setViewportSize(WIDE);
  await site.visit(home, '/p/contact', null);
  expect(site, (await home.getAttribute('nav.site-nav a[href="/p/contact"]', 'aria-current')) === 'page', 'aria-current on the current page item');

  log('branding');
  await site.visit(page, '/admin/branding', 'site-admin-en-branding');
  await look(site, page, 'site-admin-en-branding', 'branding page');
  await page.setInputFiles('#brand-logo', plan.fake);
  await submit(page, 'form[action="/admin/branding"] button[type="submit"]');
  expect(site, await page.locator('#brand-logo-error').isVisible(), 'a fake image is refused beside the logo field');
  await site.axe(page, 'branding page with an error');
  await page.setInputFiles('#brand-logo', plan.logo);
  await page.setInputFiles('#brand-favicon', plan.favicon);
  await page.fill('#brand-color', '#1a5fb4');
  await submit(page, 'form[action="/admin/branding"] button[type="submit"]');
  expect(site, (await page.textContent('p.notice')).includes('The branding was saved.'), 'branding saved');
  await site.visit(home, '/', 'site-admin-en-home-brand');
  const logo = await home.evaluate(() => {
    const i = document.querySelector('.site-name img.site-logo');
    return i && { alt: i.alt, w: i.getAttribute('width'), h: i.getAttribute('height'), natural: i.naturalWidth,
      shown: Math.round(i.getBoundingClientRect().height) };
  });
  expect(site, logo && logo.alt === plan.en.site && logo.h === '48' && logo.natural > 0 && logo.shown === 48,
    `the header shows the logo, alt = site name, 48 px high (${JSON.stringify(logo)})`);
  const accent = await home.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
  expect(site, accent === '#1a5fb4', `the accent colour is the chosen one (${accent})`);
  const theme = await home.getAttribute('meta[name="theme-color"]', 'content');
  expect(site, theme === '#1a5fb4', `<meta name=theme-color> (${theme})`);
  const ico = await home.request.get(`${plan.en.origin}/favicon.ico`, { maxRedirects: 0 });
  const href = await home.getAttribute('link[rel="icon"]', 'href');
  const png = href ? await home.request.get(`${plan.en.origin}${href}`) : null;
  expect(site, ico.status() === 302 && ico.headers().location === href && png && png.ok() &&
    png.headers()['content-type'] === 'image/png',
  `/favicon.ico redirects to <link rel=icon>'s PNG (${ico.status()} to ${ico.headers().location}, link ${href})`);
  const iconLoads = await home.evaluate((u) => new Promise((res) => {
    const i = new Image();
    i.onload = () => res(i.naturalWidth);
    i.onerror = () => res(0);
    i.src = u;
  }), href);
  expect(site, iconLoads === 64, `the favicon loads in the page (${iconLoads} px wide)`);
  await look(site, home, 'site-admin-en-home-brand', 'home with logo and colour');

  log('delete the page');
  await site.visit(page, '/admin/pages/contact', null);
  await submit(page, 'form[action="/admin/pages/contact/delete"] button');
  expect(site, (await page.textContent('p.notice')).includes('The page was deleted'), 'the list says the page was deleted');
  await site.visit(page, '/p/contact', 'site-admin-en-410', { status: 410 });
  expect(site, (await page.textContent('h1')) === 'Page removed', 'its address says the page was removed (410)');
  await site.axe(page, '410 page');
  await en.close();
}

// ---------------------------------------------------------------- Chinese
const zh = await openSite(plan.zh.origin);
{
  const site = zh;
  const page = await site.page(WIDE);
  await login(site, page);
  await addItem(site, page, { menu: 'header', target: `c:${plan.zh.category.id}` });
  await addItem(site, page, { menu: 'header', target: 'link', url: '/archive', label: '往期' });
  const parent = await page.evaluate(() => {
    const o = [...document.querySelectorAll('#menu-parent option')].find((x) => x.textContent === '往期');
    return o ? o.value : '';
  });
  await addItem(site, page, { menu: 'header', target: 'link', url: '/sections', label: '全部栏目', parent });
  expect(site, (await page.textContent('p.notice')).includes('菜单项已添加'), 'the editor speaks Chinese');
  for (const [path, name, label] of [['/admin/pages/new', 'site-admin-zh-page-new', '新建页面'],
    ['/admin/menus', 'site-admin-zh-menus', '菜单'], ['/admin/branding', 'site-admin-zh-branding', '品牌形象'],
    ['/', 'site-admin-zh-home', '首页']]) {
    await site.visit(page, path, name);
    await look(site, page, name, label);
  }
  await page.setViewportSize(PHONE);
  expect(site, await page.locator('li.has-sub > ul a').isVisible(), '390 px: the nested item listed (Chinese)');
  await zh.close();
}

const failures = [...en.failures, ...zh.failures];
if (failures.length) {
  console.log(`site_admin.mjs: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log('site_admin.mjs: all checks passed');
