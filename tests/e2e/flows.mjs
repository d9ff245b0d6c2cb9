// A reader and an editor in a real browser (headless Chromium):
//   node flows.mjs ORIGIN ARTICLE_PATH ADMIN_LOGIN ADMIN_PASSWORD
// 1. A reader comments under an article and sees "awaiting moderation".
// 2. The admin logs in through the form, approves it in the Pending queue.
// 3. The reader sees the comment, replies to it (same, now trusted email:
//    shown at once) and the reply is threaded under it.
// 4. If the editor exists (/admin/articles/new), the admin writes and
//    publishes an article that then appears on the home page.
// No request may leave the site (browser.mjs fails on any).
import { openSite, log } from './browser.mjs';

const [origin, article, login, password] = process.argv.slice(2);
if (!password) {
  console.error('usage: node flows.mjs ORIGIN ARTICLE_PATH LOGIN PASSWORD');
  process.exit(2);
}
const site = await openSite(origin);
const stamp = Date.now();
const text = `A reader's view ${stamp}: the plant needs more welders & fewer meetings.`;
try {
  const reader = await site.page({ width: 390, height: 844 });
  log('reader: comment on the article');
  await site.visit(reader, article, null);
  await reader.fill('#comment-name', 'Rita Reader');
  await reader.fill('#comment-email', `rita${stamp}@example.org`);
  await reader.fill('#comment-body', text);
  await Promise.all([reader.waitForNavigation(), reader.locator('#respond button[type=submit], form button:has-text("Post Comment")').first().click()]);
  if (!/awaiting moderation/i.test(await reader.content())) site.fail('no "awaiting moderation" notice after posting');
  await site.screenshot(reader, 'comment-held-390');

  const admin = await site.page({ width: 1280, height: 900 });
  log('admin: log in through the form');
  await site.visit(admin, '/admin/login', 'admin-login');
  await site.axe(admin, 'admin login');
  await admin.fill('#login', login);
  await admin.fill('#password', password);
  await Promise.all([admin.waitForNavigation(), admin.locator('button:has-text("Log in")').click()]);
  if (new URL(admin.url()).pathname !== '/admin') site.fail(`after login at ${admin.url()}, want /admin`);
  log('admin: approve in the Pending queue');
  await site.visit(admin, '/admin/comments', null);
  const row = admin.locator('tr', { hasText: text.slice(0, 30) });
  if (!(await row.count())) {
    site.fail('the comment is not in the Pending queue');
  } else {
    await Promise.all([admin.waitForNavigation(), row.locator('button:has-text("Approve")').click()]);
  }

  log('reader: the comment is there; reply to it');
  await reader.reload();
  if (!(await reader.locator('.comment', { hasText: text.slice(0, 30) }).count())) site.fail('approved comment not shown');
  await reader.locator('a', { hasText: /reply/i }).first().click();
  await reader.waitForLoadState('load');
  await reader.fill('#comment-name', 'Rita Reader');
  await reader.fill('#comment-email', `rita${stamp}@example.org`);
  await reader.fill('#comment-body', `Replying to myself ${stamp}.`);
  await Promise.all([reader.waitForNavigation(), reader.locator('form button:has-text("Post Comment")').first().click()]);
  const nested = reader.locator('.comment-list ol .comment', { hasText: `Replying to myself ${stamp}` });
  if (!(await nested.count())) site.fail('reply not shown threaded under its parent');
  await site.screenshot(reader, 'comment-thread-390');

  const hasEditor = (await admin.goto(new URL('/admin/articles/new', origin).href)).status() === 200;
  if (!hasEditor) {
    log('no article editor in this build: publishing step skipped');
  } else {
    log('admin: write and publish an article');
    const title = `Browser-made headline ${stamp}`;
    await admin.fill('#title', title);
    await admin.fill('#summary', 'Written and published by the browser test.');
    await admin.fill('#body', 'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.');
    const status = admin.locator('select[name=status]');
    if (await status.count()) await status.selectOption('published');
    await Promise.all([admin.waitForNavigation(), admin.locator('button[type=submit]:not([name=preview])').last().click()]);
    await site.visit(reader, '/', null);
    if (!(await reader.locator('a', { hasText: title }).count())) site.fail('published article not on the home page');
    await site.screenshot(admin, 'editor-after-save-1280');
  }
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close();
}
if (site.failures.length) {
  console.log(`flows: ${site.failures.length} failure(s)`);
  process.exit(1);
}
console.log('flows: all checks passed');
