// The caseworker page in a real headless Chromium (puppeteer-core + Debian's
// chromium): fills the form for an eligible and an ineligible claim by
// keyboard and reads the results. Run by tests/server/browser_test.sh.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require(process.env.PUPPETEER_PATH || 'puppeteer-core');

const [cli] = process.argv.slice(2);
let failures = 0;
function expect(cond, what) {
  if (!cond) { failures++; console.log('FAIL: ' + what); } else console.log('ok: ' + what);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ['serve', '--listen', '127.0.0.1:0', '--threads', '2'],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ proc, port: m[1] });
    });
    proc.on('exit', (code) => reject(new Error('server exited ' + code)));
  });
}

async function fill(page, id, value) {
  // Date and month inputs take their value through the DOM (their keyboard
  // entry depends on the locale); text inputs are typed.
  const type = await page.$eval('#' + id, (e) => e.type || e.tagName);
  if (type === 'date' || type === 'month' || type === 'SELECT' || type === 'select-one') {
    await page.$eval('#' + id, (e, v) => { e.value = v; e.dispatchEvent(new Event('change', { bubbles: true })); }, value);
  } else {
    await page.click('#' + id, { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#' + id, value);
  }
}

async function submitByKeyboard(page) {
  await page.focus('#f-id');
  await page.keyboard.press('Enter');  // implicit submission, as a keyboard user does
}

(async () => {
  const { proc, port } = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'odenek-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync',
           '--user-data-dir=' + profile],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => { failures++; console.log('FAIL: page error ' + e); });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-ready=true]');
    await page.select('#program', 'issizlik_odenegi');
    await page.waitForSelector('#f-fesih_tarihi');

    // Every field has a label.
    const unlabelled = await page.$$eval('#claim-form input, #claim-form select, #program',
      (els) => els.filter((e) => !document.querySelector(`label[for="${e.id}"]`)).map((e) => e.id));
    expect(unlabelled.length === 0, 'every field is labelled ' + unlabelled.join(','));
    const label = await page.$eval('label[for=f-prim_gun_3_yil]', (e) => e.textContent);
    expect(/prim/i.test(label) && /gün/.test(label), 'labels come from the descriptions: ' + label);

    // A history list: rows are added by button and carry labelled fields.
    await page.click('#add-f-primler');
    expect(await page.$('#f-primler-0-ay') !== null, 'primler gets a row with an "ay" field');
    expect(await page.$eval('#f-primler-0-ay', (e) => e.type) === 'month', 'a month field is a month input');
    await page.click('#f-primler-rows .row button');  // remove it again
    expect(await page.$('#f-primler-0-ay') === null, 'a row can be removed');

    // Validation beside the field, before anything is sent.
    await fill(page, 'f-id', 'TARAYICI-1');
    await fill(page, 'f-kazanc_son_4_ay', '300000,5');
    await submitByKeyboard(page);
    const moneyError = await page.$eval('#err-f-kazanc_son_4_ay', (e) => e.textContent);
    expect(/ondalık/.test(moneyError), 'a bad amount is reported beside its field: ' + moneyError);
    expect(await page.$eval('#result', (e) => e.hidden), 'nothing was submitted');

    // Eligible.
    await fill(page, 'f-fesih_tarihi', '2023-10-31');
    await fill(page, 'f-fesih_neden_kodu', '4');
    await fill(page, 'f-basvuru_tarihi', '2023-11-05');
    await fill(page, 'f-son_120_gun_hizmet_akdi', 'true');
    await fill(page, 'f-prim_gun_3_yil', '720');
    await fill(page, 'f-kazanc_son_4_ay', '300000.00');
    await fill(page, 'f-gun_son_4_ay', '120');
    await submitByKeyboard(page);
    await page.waitForSelector('#result:not([hidden]) #verdict');
    const verdict = await page.$eval('#verdict', (e) => e.textContent);
    expect(verdict.startsWith('HAK KAZANDI'), 'eligible verdict: ' + verdict);
    const values = await page.$$eval('#values tr', (rows) => rows.map((r) => r.textContent));
    expect(values.some((v) => v.includes('Aylık net') && v.includes('10.650,15 TL')), 'monthly net 10.650,15 TL (Turkish form)');
    const months = await page.$$eval('#payments tbody tr', (rows) => rows.length);
    expect(months === 6, 'a 6-month payment schedule: ' + months);
    expect(await page.evaluate(() => document.activeElement.id) === 'result-heading', 'focus moves to the result');

    // Ineligible: too few premium days, a termination code that gives no right.
    await fill(page, 'f-prim_gun_3_yil', '540');
    await fill(page, 'f-fesih_neden_kodu', '3');
    await submitByKeyboard(page);
    await page.waitForFunction(() => document.querySelector('#verdict').textContent.startsWith('HAK KAZANAMADI'));
    const reasons = await page.$eval('#reasons', (e) => e.textContent);
    expect(reasons.includes('4447 s.K. m.50/1'), 'the reasons cite their articles');
    expect(/60 gün daha/.test(reasons), 'the why-not names the single change: 60 more days');

    // A server-side error lands beside its field (an impossible date).
    await page.$eval('#f-fesih_tarihi', (e) => { e.type = 'text'; });
    await fill(page, 'f-fesih_tarihi', '2023-02-30');
    await submitByKeyboard(page);
    await page.waitForFunction(() => document.querySelector('#err-f-fesih_tarihi').textContent !== '');
    const dateError = await page.$eval('#err-f-fesih_tarihi', (e) => e.textContent);
    expect(/2023-02-30/.test(dateError), 'the server\'s error sits beside the field: ' + dateError);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
    proc.kill('SIGTERM');
    const code = await new Promise((r) => proc.on('exit', r));
    expect(code === 0, 'the server exits 0 on SIGTERM');
  }
  console.log(failures ? `${failures} failures` : 'all passed');
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log('FAIL: ' + e.stack); process.exit(1); });
