// An admin answers a reader's request in Chromium (issue 19 points 4 and 5):
// logs in through the form, finds what the site holds under an e-mail
// address, downloads it as JSON, erases it (anonymised), and finds both
// actions, and the login, on the audit log page, filtered by action; the
// public privacy policy says how to ask.
//   node privacy_admin.mjs ORIGIN LANG LOGIN PASSWORD EMAIL OTHER_EMAIL
// LANG ("en" or "zh-CN") is the site's language; names of saved files and
// screenshots carry it.  Checks: each step's page and notice; the download
// is a JSON file whose comments are exactly EMAIL's (none of OTHER_EMAIL's);
// after erasing, a new search finds nothing; the audit page lists the
// export and the erasure by this admin with a masked address, never the
// address; no page is wider than a 390 px screen; axe WCAG 2.1 A/AA on
// every page.  Screenshots at 1280 and 390 px and the HTML (for vnu) go to
// $GAZETTE_BUILD/e2e-out/privacy-<lang>-*.  Exits 1 if any check failed.
import { readFileSync, writeFileSync } from 'node:fs';
import { openSite, log } from './browser.mjs';

const [origin, lang, login, password, email, other] = process.argv.slice(2);
if (!other) {
  console.error('usage: node privacy_admin.mjs ORIGIN LANG LOGIN PASSWORD EMAIL OTHER_EMAIL');
  process.exit(2);
}
const zh = lang === 'zh-CN';
const T = zh
  ? { found: '本站保存的', exported: '导出读者数据', erased: '删除读者数据', anonymised: '条评论匿名化', none: '0 条评论' }
  : { found: 'What the site holds for', exported: 'Exported a reader&#39;s data', erased: 'Erased a reader&#39;s data', anonymised: 'comments anonymised', none: '0 comments' };

const site = await openSite(origin);
const expect = (ok, what) => (ok ? log(`ok   ${what}`) : site.fail(what));
const name = (n) => `privacy-${lang}-${n}`;

/* Screenshots at both widths, axe at both, and no sideways scrolling on a phone. */
async function look(page, label) {
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await site.screenshot(page, name(`${label}-${w}`));
    await site.axe(page, `${lang} ${label} at ${w}`);
    if (w === 390) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width <= 390, `${label}: no wider than the phone's screen (${width} px)`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  const page = await site.page({ width: 1280, height: 900 });
  log('the privacy policy says how to ask');
  const { html: policy } = await site.visit(page, '/privacy', name('policy'));
  expect(policy.includes(zh ? '我们会在一个月内答复' : 'We answer within one month'), 'the policy says when readers get an answer');
  expect(policy.includes('href="/p/about"'), 'and links the About page for the address');
  // Answer the cookie banner first, so it covers nothing in the pictures.
  const reject = page.locator('button[name="choice"][value="reject"]').first();
  if (await reject.count()) {
    await Promise.all([page.waitForLoadState('load'), reject.click()]);
    await site.visit(page, '/privacy', null);
  }
  await look(page, 'policy');

  log('log in through the form');
  await site.visit(page, '/admin/login', null);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').first().click()]);
  expect(new URL(page.url()).pathname === '/admin', `logged in (at ${page.url()})`);

  log('the menu leads to Personal data');
  await page.locator('nav.admin-nav a[href="/admin/personal-data"]').click();
  await page.waitForLoadState('load');
  expect(new URL(page.url()).pathname === '/admin/personal-data', 'the admin menu links the page');
  await site.visit(page, '/admin/personal-data', name('form'));
  await look(page, 'form');

  log('find');
  await page.fill('#email', email);
  await Promise.all([page.waitForNavigation(), page.locator('form.personal-find button[type="submit"]').click()]);
  // A POST's answer cannot be fetched again: its DOM goes to the checker.
  const found = await page.content();
  writeFileSync(`${site.outDir}/${name('found')}.html`, found);
  expect(found.includes(T.found), 'the results are shown');
  const rows = await page.locator('table.personal-comments tbody tr').count();
  expect(rows === 2, `two comments listed (${rows})`);
  expect(!found.includes(other), 'nothing of the other reader');
  expect(await page.locator('table.personal-consents tbody tr').count() === 1, 'one tied consent record');
  await look(page, 'found');

  log('export as JSON');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('form[action="/admin/personal-data/export"] button[type="submit"]').click(),
  ]);
  expect(download.suggestedFilename() === 'personal-data.json', `the download is named personal-data.json (${download.suggestedFilename()})`);
  let doc = null;
  try {
    doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  } catch (e) {
    site.fail(`the download is not JSON: ${e.message}`);
  }
  if (doc) {
    const emails = doc.comments.map((c) => c.email.toLowerCase());
    expect(emails.length === 2 && emails.every((e) => e === email), `the file holds exactly ${email}'s 2 comments`);
    expect(!JSON.stringify(doc).includes(other), 'and nothing of the other reader');
    expect(doc.consent_records.length === 1, 'and the tied consent record');
  }

  log('erase (anonymise)');
  const eraseBtn = page.locator('form.personal-erase button[type="submit"]');
  await page.check('#mode-anonymise');
  await page.check('#erase-confirm');
  await Promise.all([page.waitForNavigation(), eraseBtn.click()]);
  const after = await page.content();
  expect(after.includes(T.anonymised), 'the page says the comments were anonymised');
  expect(await page.locator('p.notice[role="status"]').count() === 1, 'as a status notice');
  await site.visit(page, '/admin/personal-data', null);
  await page.fill('#email', email);
  await Promise.all([page.waitForNavigation(), page.locator('form.personal-find button[type="submit"]').click()]);
  expect((await page.content()).includes(T.none), 'a new search finds no comment');

  log('the audit log');
  await page.locator('nav.admin-nav a[href="/admin/audit"]').click();
  await page.waitForLoadState('load');
  expect(new URL(page.url()).pathname === '/admin/audit', 'the admin menu links the audit log');
  const { html: audit } = await site.visit(page, '/admin/audit', name('audit'));
  expect(audit.includes(T.exported) && audit.includes(T.erased), 'the export and the erasure are listed');
  expect(!audit.includes(email), 'the address itself is not on the page');
  const masked = `${email[0]}***@${email.split('@')[1]} ref `;
  expect(audit.includes(masked), `a masked form is (${masked}…)`);
  await look(page, 'audit');
  await page.selectOption('#action', 'personal.erase');
  await Promise.all([page.waitForNavigation(), page.locator('form.audit-filter button[type="submit"]').click()]);
  const actions = await page.locator('.audit-action').evaluateAll((els) => els.map((e) => e.dataset.action));
  expect(actions.length === 1 && actions[0] === 'personal.erase', `filtered to the erasure (${actions.join(', ')})`);
  expect(new URL(page.url()).searchParams.get('action') === 'personal.erase', 'the filter is in the address');
} catch (e) {
  site.fail(`exception: ${e.stack || e}`);
} finally {
  await site.close();
}
if (site.failures.length) {
  console.log(`privacy_admin ${lang}: ${site.failures.length} failure(s)`);
  process.exit(1);
}
console.log(`privacy_admin ${lang}: all checks passed`);
