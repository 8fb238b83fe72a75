// Verification and visits: a town confirms a suggestion from its queue, a
// grid worker records a visit on a phone from the work list, and an admin
// manages accounts without asking for any household data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, close, graphql, launch, login, open, tableReady } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

describe('verification, visits and administration', () => {
  test('town confirms a suggestion from the queue and it leaves the queue', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.click('nav.sections a[href="/verify"]');
    const card = page.locator('article.suggestion').first();
    await card.waitFor();
    const id = await card.getAttribute('data-id');
    const before = await graphql(page, '{ classifications(filter: {status: SUGGESTED}, first: 0) { totalCount } }');
    await card.locator('button.confirm').click();
    // The level picker starts at the suggested level.
    const { classification } = await graphql(page, `{ classification(id: "${id}") { suggestedCareLevel } }`);
    assert.equal(await card.locator('select[name=careLevel]').inputValue(), classification.suggestedCareLevel);
    await card.locator('textarea[name=note]').fill('入户核实属实');
    await card.locator('button[type=submit]').click();
    await page.locator(`article.suggestion[data-id="${id}"]`).waitFor({ state: 'detached' });
    const now = await graphql(page, `{ classification(id: "${id}") { status careLevel note } }`);
    assert.equal(now.classification.status, 'CONFIRMED');
    assert.equal(now.classification.careLevel, classification.suggestedCareLevel);
    assert.equal(now.classification.note, '入户核实属实');
    const total = await page.locator('main p.total').innerText();
    assert.equal(Number(total.replace(/\D/g, '')), before.classifications.totalCount - 1);
    await close(session);
  });

  test('a rejection needs a reason, given beside the field', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.goto(`${page.url()}verify`);
    const card = page.locator('article.suggestion').first();
    await card.waitFor();
    await card.locator('button.reject').click();
    await card.locator('button[type=submit]').click();
    await card.locator('[data-field=reason] .field-error').waitFor();
    await card.locator('button[type=button]', { hasText: '取消' }).click();
    await close(session);
  });

  test('grid records a visit on a phone from the work list and the row disappears', async () => {
    const session = await open(browser, { viewport: PHONE });
    const { page } = session;
    await login(page, 'grid');
    await page.click('nav.sections a[href="/worklist"]');
    await tableReady(page);
    const link = page.locator('main td[data-label="登记走访"] a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.locator('form.visit-form').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE.width, 'no sideways scrolling');
    const kind = new URL(href, 'http://x').searchParams.get('kind');
    assert.equal(await page.locator('select[name=kind]').inputValue(), kind);
    assert.ok((await page.locator('input[name=visitedAt]').inputValue()).length >= 16, 'visited at defaults to now');
    const person = new URL(href, 'http://x').searchParams.get('person');
    if (person) assert.ok(await page.locator(`input[name=personIds][value="${person}"]`).isChecked());
    else await page.locator('input[name=personIds]').first().check();
    await page.fill('textarea[name=findings]', '家中情况正常');
    await page.locator('label.chip', { hasText: '基本生活' }).click();
    await page.fill('input[name=policy]', '临时救助');
    await page.click('button:has-text("添加")');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/worklist');
    await tableReady(page);
    assert.equal(await page.locator(`main a[href="${href}"]`).count(), 0, 'the visited row is gone');
    await close(session);
  });

  test('the district home shows the figures beside the counts', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await page.locator('aside.figures table tbody tr').first().waitFor();
    const { stats } = await graphql(page, '{ stats { totals { households } children { region { name } } } }');
    assert.equal(await page.locator('aside.figures table tbody tr').count(), stats.children.length);
    const facts = await page.locator('aside.figures dl').innerText();
    assert.ok(facts.replaceAll(',', '').includes(String(stats.totals.households)), facts);
    await close(session);
  });

  test('admin sees the users list and asks for no household data', async () => {
    const session = await open(browser);
    const { page } = session;
    const operations = [];
    page.on('request', (r) => r.url().endsWith('/graphql') && operations.push(r.postDataJSON()?.operationName));
    await login(page, 'admin');
    await page.click('nav.sections a[href="/admin"]');
    await tableReady(page);
    const usernames = await page.locator('main td[data-label="用户名"]').allInnerTexts();
    for (const name of ['grid', 'town', 'district']) assert.ok(usernames.includes(name), `${name} listed: ${usernames}`);
    assert.equal(await page.locator('.map').count(), 0);
    assert.deepEqual(operations, ['Login', 'Users']);
    await close(session);
  });
});
