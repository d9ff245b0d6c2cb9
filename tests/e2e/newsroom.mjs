// The newsroom fields (issue 16 points 5 and 7, E3) in Chromium;
// test_newsroom.sh starts the sites and hands the plan:
//   { en: { origin, zone }, zh: { origin, zone }, login, password, second }
// On each site (English in Europe/London, Chinese in Asia/Shanghai): a
// new article credited to two people picked in the byline picker, in the
// order picked, with a publish time typed in the site's zone; the editor
// shows the time back as typed and the reader's page shows it with the
// zone's abbreviation and "by A and B" / "作者：A、B"; then a correction
// added from the editor appears above the text with its time, an update
// below it; the dashboard warns while the base URL is unset and Settings
// shows the zone.  axe WCAG 2.1 A/AA on the dashboard, settings, editor and
// article at 1280 and 390 px; screenshots newsroom-*.png; pages saved for vnu.
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

async function run(lang, want) {
  const conf = plan[lang];
  const site = await openSite(conf.origin);
  const page = await site.page(WIDE);
  await login(site, page);

  log(`${lang}: the dashboard warns while the base URL is unset; the settings page`);
  for (const [path, name] of [['/admin', 'dashboard'], ['/admin/settings', 'settings']]) {
    await site.visit(page, path, `newsroom-${lang}-${name}`);
    for (const vp of [WIDE, PHONE]) {
      await page.setViewportSize(vp);
      await site.axe(page, `${lang} ${name} at ${vp.width} px`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(site, wide <= vp.width, `${lang}: ${name} ${wide} px wide at ${vp.width} px`);
      await site.screenshot(page, `newsroom-${lang}-${name}-${vp.width}`);
    }
    await page.setViewportSize(WIDE);
  }
  const warned = await site.visit(page, '/admin', null).then(() => page.locator('.notice.warning').count());
  expect(site, warned === 1, `${lang}: the dashboard warns about the base URL (${warned})`);
  const zone = await site.visit(page, '/admin/settings', null).then(() => page.inputValue('#set-site_timezone'));
  expect(site, zone === conf.zone, `${lang}: Settings shows the time zone (${zone})`);

  log(`${lang}: a new article, two bylines, a time in ${conf.zone}`);
  await site.visit(page, '/admin/articles/new', null);
  const label = await page.locator('label[for="published_at"]').innerText();
  expect(site, label.includes(conf.zone), `${lang}: the time field names the zone (${label})`);
  await page.fill('#title', want.title);
  await page.fill('#body', want.body);
  await page.selectOption('#byline-1', { label: plan.second });
  await page.selectOption('#byline-2', { label: plan.first });
  await page.selectOption('#status', 'published');
  await page.fill('#published_at', '2026-07-01T09:30');
  await Promise.all([page.waitForNavigation(), page.click('#desk-save')]);
  const editPath = new URL(page.url()).pathname;
  expect(site, /^\/admin\/articles\/\d+$/.test(editPath), `${lang}: saved, now at ${editPath}`);
  const back = await page.inputValue('#published_at');
  expect(site, back.startsWith('2026-07-01T09:30'), `${lang}: the time comes back as typed (${back})`);
  const picked = [await page.inputValue('#byline-1'), await page.inputValue('#byline-2')];
  const names = await Promise.all(['#byline-1', '#byline-2'].map((s) =>
    page.locator(`${s} option:checked`).innerText()));
  expect(site, names[0] === plan.second && names[1] === plan.first,
    `${lang}: the picker keeps the order (${names.join(', ')}; ids ${picked.join(', ')})`);
  // Again by GET, so the saved HTML is the server's (for vnu).
  await site.visit(page, editPath, `newsroom-${lang}-editor`);
  for (const vp of [WIDE, PHONE]) {
    await page.setViewportSize(vp);
    await site.axe(page, `${lang} editor at ${vp.width} px`);
    await page.locator('.newsroom-bylines').scrollIntoViewIfNeeded();
    await site.screenshot(page, `newsroom-${lang}-editor-${vp.width}`);
  }
  await page.setViewportSize(WIDE);

  log(`${lang}: the reader's page`);
  const slug = await page.inputValue('#slug');
  const reader = await site.page(WIDE);
  await site.visit(reader, `/article/${encodeURIComponent(slug)}`, null);
  const byline = (await reader.locator('.byline').innerText()).replace(/\s+/g, ' ');
  expect(site, byline.includes(want.byline), `${lang}: byline "${want.byline}" in "${byline}"`);
  expect(site, byline.includes(want.time), `${lang}: time "${want.time}" in "${byline}"`);

  log(`${lang}: a correction and an update from the editor`);
  await page.fill('#note_body', want.correction);
  await page.selectOption('#note_kind', 'correction');
  await Promise.all([page.waitForNavigation(), page.locator('button[formaction$="/notes"]').click()]);
  await page.fill('#note_body', want.update);
  await page.selectOption('#note_kind', 'update');
  await Promise.all([page.waitForNavigation(), page.locator('button[formaction$="/notes"]').click()]);
  const listed = await page.locator('.notes-list .note').count();
  expect(site, listed === 2, `${lang}: the editor lists 2 notes (${listed})`);
  await page.locator('#notes').scrollIntoViewIfNeeded();
  await site.screenshot(page, `newsroom-${lang}-notes-1280`);

  await site.visit(reader, `/article/${encodeURIComponent(slug)}`, `newsroom-${lang}-article`);
  const order = await reader.evaluate(() => {
    const at = (sel) => {
      const el = document.querySelector(sel);
      return el ? el.getBoundingClientRect().top + window.scrollY : -1;
    };
    return { c: at('.article-corrections'), b: at('.article-body'), u: at('.article-updates') };
  });
  expect(site, order.c > 0 && order.c < order.b && order.b < order.u,
    `${lang}: correction above the text, update below (${JSON.stringify(order)})`);
  const ctext = await reader.locator('.article-corrections').innerText();
  expect(site, ctext.includes(want.correction), `${lang}: the correction's text is shown`);
  for (const vp of [WIDE, PHONE]) {
    await reader.setViewportSize(vp);
    await site.axe(reader, `${lang} article at ${vp.width} px`);
    const wide = await reader.evaluate(() => document.documentElement.scrollWidth);
    expect(site, wide <= vp.width, `${lang}: article ${wide} px wide at ${vp.width} px`);
    await site.screenshot(reader, `newsroom-${lang}-article-${vp.width}`);
  }
  await site.close();
  return site.failures;
}

const failures = [
  ...(await run('en', {
    title: 'Ferry timetable changes', body: 'The summer timetable starts in July.',
    byline: `by ${plan.second} and ${plan.first}`, time: '1 July 2026, 09:30 BST',
    correction: 'An earlier version gave the wrong pier.', update: 'The operator confirmed the times.',
  })),
  ...(await run('zh', {
    title: '渡轮时刻表调整', body: '夏季时刻表七月开始执行。',
    byline: `作者：${plan.second}、${plan.first}`, time: '2026年7月1日 09:30（CST）',
    correction: '本文早前版本误写了码头名称。', update: '运营方已确认时间。',
  })),
];
if (failures.length) {
  console.log(`newsroom.mjs: ${failures.length} failure(s)`);
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exit(1);
}
console.log('newsroom.mjs: all checks passed');
