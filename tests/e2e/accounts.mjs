// Staff accounts in Chromium (issue 19 point 3): an admin makes a one-time
// reset link on a user's page, the user follows it and chooses a new
// password, logs in, turns on the second factor from the account page by
// typing a code this test computes from the key the page shows (RFC 6238,
// SHA-1, 30 s, 6 digits, as an authenticator app would), sees the recovery
// codes, and logs in again in two steps.
//   node accounts.mjs ORIGIN ADMIN_PASSWORD CLOCK_FILE
// CLOCK_FILE is the server's test clock (GAZETTE_TEST_CLOCK): the test
// moves it 30 s on before the second login, since a code of a step already
// used is refused.  Checks: each step lands where it should with its
// message; no request leaves the site; axe WCAG 2.1 A/AA on every page
// touched; at 390 px no page is wider than the screen.  Screenshots at 1280
// and 390 px and the HTML of each page go to $GAZETTE_BUILD/e2e-out/accounts-*.
// Exits 1 if any check failed.
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { openSite, log } from './browser.mjs';

const [origin, adminPassword, clockFile] = process.argv.slice(2);
if (!origin || !adminPassword || !clockFile) {
  console.error('usage: node accounts.mjs ORIGIN ADMIN_PASSWORD CLOCK_FILE');
  process.exit(2);
}

/* RFC 4648 base32 (no padding) to bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out = [];
  let bits = 0;
  let value = 0;
  for (const ch of text) {
    value = ((value << 5) | alphabet.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/* The RFC 6238 code for key at Unix time t: SHA-1, 30 s steps, 6 digits. */
function totp(key, t) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const clock = () => Number(readFileSync(clockFile, 'utf8').trim());

const site = await openSite(origin);
const expect = (ok, what) => (ok ? log(`ok   ${what}`) : site.fail(what));

/* Screenshot at 1280 and 390 px, axe at both, and no sideways scroll at 390. */
async function look(page, name) {
  await site.screenshot(page, `accounts-${name}-1280`);
  await site.axe(page, `${name} 1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 390, `${name}: no wider than the screen at 390 px (${wide})`);
  await site.screenshot(page, `accounts-${name}-390`);
  await site.axe(page, `${name} 390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/* Save the page's current HTML for the Nu checker. */
async function save(page, name) {
  writeFileSync(`${site.outDir}/accounts-${name}.html`, await page.content());
}

async function login(page, login, password) {
  await site.visit(page, '/admin/login', null);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('form.login-form button[type="submit"]')]);
}

try {
  const admin = await site.page();
  log('admin: a reset link for ed');
  await login(admin, 'admin', adminPassword);
  expect(new URL(admin.url()).pathname === '/admin', 'admin logged in');
  await site.visit(admin, '/admin/users', null);
  await Promise.all([admin.waitForLoadState('load'), admin.click('a:text-is("ed")')]);
  await Promise.all([admin.waitForLoadState('load'), admin.click('button[value="reset_link"]')]);
  const link = (await admin.locator('code.reset-link').textContent()) || '';
  expect(/\/admin\/reset\/[0-9a-f]{64}$/.test(link), `the link is shown (${link})`);
  await save(admin, 'user-link');
  await look(admin, 'user-link');

  log('ed: follows the link in another browser');
  const other = await openSite(origin, { outDir: site.outDir });
  const ed = await other.page();
  const path = new URL(link).pathname;
  await other.visit(ed, path, 'accounts-reset');
  expect(await ed.locator('h1:text("Choose a new password")').count() === 1, 'the reset form');
  await ed.fill('#new_password', 'short');
  await ed.fill('#new_password2', 'short');
  await Promise.all([ed.waitForLoadState('load'), ed.click('form button[type="submit"]')]);
  expect((await ed.locator('#new_password-error').textContent() || '').includes('at least 8'), 'a short password is refused beside the field');
  await ed.fill('#new_password', 'ed chose this one');
  await ed.fill('#new_password2', 'ed chose this one');
  await Promise.all([ed.waitForLoadState('load'), ed.click('form button[type="submit"]')]);
  expect(new URL(ed.url()).pathname === '/admin/login', 'then to the login page');
  expect((await ed.locator('p.notice').textContent() || '').includes('Your password was changed'), 'which says the password changed');
  await login(ed, 'ed', 'ed chose this one');
  expect(new URL(ed.url()).pathname === '/admin', 'ed logs in with the new password');
  await other.visit(ed, path, null, { status: 410 });
  expect(await ed.locator('text=This reset link was used already.').count() === 1, 'the link does not work twice');

  log('ed: turns on the second factor');
  await other.visit(ed, '/admin/account', null);
  await Promise.all([ed.waitForLoadState('load'), ed.click('a[href="/admin/account/second-factor"]')]);
  const keyText = ((await ed.locator('#totp-key').textContent()) || '').replace(/ /g, '');
  expect(/^[A-Z2-7]{32}$/.test(keyText), `a base32 key is shown, in groups (${keyText})`);
  expect(((await ed.locator('code.totp-uri').textContent()) || '').startsWith('otpauth://totp/'), 'and an otpauth:// URI');
  await save(ed, 'enrol');
  await look(ed, 'enrol');
  const key = base32(keyText);
  await ed.fill('#code', totp(key, clock()));
  await Promise.all([ed.waitForLoadState('load'), ed.click('button[value="confirm"]')]);
  const codes = await ed.locator('ol.codes code').allTextContents();
  expect(codes.length === 10, `10 recovery codes shown (${codes.length})`);
  expect(await ed.locator('text=The second factor is on.').count() === 1, 'it says the second factor is on');
  await save(ed, 'codes');
  await look(ed, 'codes');

  log('ed: logs in again, in two steps');
  await Promise.all([ed.waitForLoadState('load'), ed.click('form[action="/admin/logout"] button')]);
  await login(ed, 'ed', 'ed chose this one');
  expect(new URL(ed.url()).pathname === '/admin/login/code', 'the password leads to the code step');
  await save(ed, 'code-step');
  await look(ed, 'code-step');
  writeFileSync(clockFile, `${clock() + 30}\n`);
  await ed.fill('#code', totp(key, clock()));
  await Promise.all([ed.waitForLoadState('load'), ed.click('form.login-form button[type="submit"]')]);
  expect(new URL(ed.url()).pathname === '/admin', 'the code from the app logs ed in');
  await other.close();
} catch (err) {
  site.fail(`exception: ${err.stack || err}`);
} finally {
  await site.close();
}
if (site.failures.length) {
  console.log(`accounts: ${site.failures.length} failure(s)`);
  process.exit(1);
}
console.log('accounts: all checks passed');
