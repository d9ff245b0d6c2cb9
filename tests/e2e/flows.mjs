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
// A valid RGB PNG of w x h pixels, built here (no image library needed).
import { deflateSync } from 'node:zlib';
function makePng(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) { row[1 + x * 3] = 160; row[2 + x * 3] = 18 + y; row[3 + x * 3] = 43; }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
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
    log('admin: upload an image to the media library');
    const png = makePng(64, 40);
    await site.visit(admin, '/admin/media', null);
    await admin.setInputFiles('#file', { name: 'turbine.png', mimeType: 'image/png', buffer: png });
    await admin.fill('#alt', `Turbine tower ${stamp}`);
    await Promise.all([admin.waitForNavigation(), admin.locator('form[enctype="multipart/form-data"] button[type=submit]').click()]);
    await admin.goto(new URL('/admin/articles/new', origin).href);
    log('admin: write and publish an article with that image');
    const title = `Browser-made headline ${stamp}`;
    const opt = admin.locator('#image_id option', { hasText: `Turbine tower ${stamp}` });
    if (await opt.count()) {
      await admin.selectOption('#image_id', await opt.first().getAttribute('value'));
    } else {
      site.fail('uploaded image not offered in the editor');
    }
    await admin.fill('#title', title);
    await admin.fill('#summary', 'Written and published by the browser test.');
    await admin.fill('#body', 'First paragraph.\n\nSecond paragraph.\n\nThird paragraph.');
    const status = admin.locator('select[name=status]');
    if (await status.count()) await status.selectOption('published');
    await Promise.all([admin.waitForNavigation(), admin.locator('button[type=submit]:not([name=preview])').last().click()]);
    await site.visit(reader, '/', null);
    if (!(await reader.locator('a', { hasText: title }).count())) site.fail('published article not on the home page');
    const img = reader.locator(`img[alt="Turbine tower ${stamp}"]`).first();
    if (!(await img.count())) {
      site.fail('the article\'s image is not shown on the home page');
    } else if (!(await img.evaluate((el) => el.complete && el.naturalWidth === 64))) {
      site.fail('the article\'s image did not load from /media/');
    }
    await site.screenshot(reader, 'home-with-new-article-390');
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
