// 随机抽查: the district finds last quarter's closed round of the demo with
// its rates, draws another quarter with a seed it chooses, records a
// re-visit on a phone (a missed report, refused until its category is
// given), and a town answers one of its findings.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { PHONE, close, graphql, launch, login, open, overflowsSideways } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** `2026-Q2` for two quarters before today's in China. */
function quartersBack(n) {
  const china = new Date(Date.now() + 8 * 3600 * 1000);
  let index = china.getUTCFullYear() * 4 + Math.floor(china.getUTCMonth() / 3) - n;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

async function spotChecks(page) {
  await page.click('nav.sections a[href="/spot-checks"]');
  await page.locator('section.rounds ul.rounds li, section.rounds .status.empty').first().waitFor();
}

let drawn = '';

describe('spot checks', () => {
  test('the district opens the demo round and reads the rates per town', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await spotChecks(page);
    await page.locator('ul.rounds a', { hasText: quartersBack(1) }).click();
    await page.locator('table.rates tbody tr').first().waitFor();
    assert.equal(await page.locator('p.facts').getAttribute('data-seed'), '20260930');
    const towns = await page.locator('table.rates tbody tr').count();
    assert.ok(towns >= 2, `${towns} towns`);
    const missed = await page.locator('table.rates td[data-label="漏报"]').allInnerTexts();
    assert.ok(missed.some((n) => Number(n) > 0), missed.join(','));
    // Closed: nothing left to record.
    assert.equal(await page.locator('a.record').count(), 0);
    await close(session);
  });

  test('the district draws a quarter with its own seed and sees the sample on a map and a table', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await spotChecks(page);
    await page.fill('form.draw input[name=quarter]', quartersBack(2));
    await page.fill('form.draw input[name=perTown]', 'x');
    await page.click('form.draw button.draw');
    await page.locator('form.draw .field-error[data-field=perTown]').waitFor();
    // 13 per town over the demo's 8 towns: more than one page of items.
    await page.fill('form.draw input[name=perTown]', '13');
    await page.fill('form.draw input[name=classified]', '1');
    await page.fill('form.draw input[name=seed]', '7');
    await page.click('form.draw button.draw');
    await page.locator('table.sample tbody tr').first().waitFor();
    drawn = new URL(page.url()).searchParams.get('id');
    assert.ok(drawn, page.url());
    assert.equal(await page.locator('p.facts').getAttribute('data-seed'), '7');
    assert.match(await page.locator('p.hash code').innerText(), /^[0-9a-f]{64}$/);
    const { spotCheckRound: counted } = await graphql(page, 'query($id: ID!) { spotCheckRound(id: $id) { itemCount } }',
      { id: drawn });
    assert.ok(counted.itemCount > 100, `${counted.itemCount} items`);
    assert.equal(await page.locator('table.sample tbody tr').count(), counted.itemCount, 'every item on the page');
    const strata = await page.locator('table.sample td[data-label="抽样层"]').allInnerTexts();
    assert.ok(strata.includes('已认定户') && strata.includes('未认定户'), strata.join(','));
    await page.locator('section.round svg').first().waitFor();
    // Not everything checked: closing waits.
    assert.ok(await page.locator('button.close-round').isDisabled());
    await close(session);
  });

  test('a re-visit is recorded on a phone, a missed report only with its category', async () => {
    assert.ok(drawn, 'the previous test drew a round');
    const session = await open(browser, { viewport: PHONE });
    const { page } = session;
    await login(page, 'district');
    await page.goto(`${page.url().replace(/\/$/, '')}/spot-checks?id=${drawn}`);
    await page.locator('table.sample tbody tr').first().waitFor();
    const row = page.locator('table.sample tbody tr[data-status=PENDING]').first();
    const item = await row.getAttribute('data-item');
    await row.locator('a.record').click();
    await page.locator('form.spot-result li.member').first().waitFor();
    assert.equal(await overflowsSideways(page), false, 'no sideways scroll on a phone');
    const first = page.locator('form.spot-result li.member').first();
    await first.locator('select[name=result-0]').selectOption('MISSED');
    await first.locator('textarea[name=reason-0]').fill('子女在外省务工，未登记');
    await page.click('form.spot-result button.save');
    // The server names the member's field; the form says whose it is.
    const message = page.locator('form.spot-result .field-error[data-field="findings.0.category"]');
    await message.waitFor();
    assert.ok((await message.innerText()).startsWith(await first.locator('.name').innerText()));
    await first.locator('select[name=category-0]').selectOption('LEFT_BEHIND_ELDERLY');
    await page.click('form.spot-result button.save');
    await page.locator(`table.sample tr[data-item="${item}"][data-status=CHECKED]`).waitFor();
    assert.match(await page.locator(`table.sample tr[data-item="${item}"] td.status`).innerText(), /漏报/);
    const data = await graphql(page, `query($id: ID!) { spotCheckRound(id: $id) { rates { counts { missed } } } }`,
      { id: drawn });
    assert.equal(data.spotCheckRound.rates.reduce((n, t) => n + t.counts.missed, 0), 1);
    await close(session);
  });

  test('the town sees its findings of the closed round and answers one', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await spotChecks(page);
    // The open round is the district's alone.
    assert.equal(await page.locator('ul.rounds a', { hasText: quartersBack(2) }).count(), 0);
    await page.locator('ul.rounds a', { hasText: quartersBack(1) }).click();
    const open_ = page.locator('li.finding[data-answered=false]').first();
    await open_.waitFor();
    const id = await open_.getAttribute('data-finding');
    await open_.locator('textarea[name=note]').fill('已组织复核并更正记录');
    await open_.locator('button.answer').click();
    await page.locator(`li.finding[data-finding="${id}"][data-answered=true]`).waitFor();
    assert.equal(await page.locator('table.rates tbody tr').count(), 1, 'its own town only');
    await close(session);
  });
});
