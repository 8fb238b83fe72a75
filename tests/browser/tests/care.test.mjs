// Verification and visits: a town confirms a suggestion from its queue, a
// grid worker records a visit on a phone from the work list, and an admin
// manages accounts without asking for any household data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BASE, PHONE, close, graphql, launch, login, open, sessionUser, tableReady } from '../lib.mjs';

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
    // The level picker starts at the suggested level, or at GENERAL for a
    // suggestion staff raised (the rules suggest no level for those; which
    // card comes first depends on the demo's data).
    const { classification } = await graphql(page, `{ classification(id: "${id}") { suggestedCareLevel } }`);
    const expected = classification.suggestedCareLevel ?? 'GENERAL';
    assert.equal(await card.locator('select[name=careLevel]').inputValue(), expected);
    await card.locator('textarea[name=note]').fill('入户核实属实');
    await card.locator('button[type=submit]').click();
    await page.locator(`article.suggestion[data-id="${id}"]`).waitFor({ state: 'detached' });
    const now = await graphql(page, `{ classification(id: "${id}") { status careLevel note } }`);
    assert.equal(now.classification.status, 'CONFIRMED');
    assert.equal(now.classification.careLevel, expected);
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
    // 使用我的位置: the phone's position goes with the visit.
    await session.context.grantPermissions(['geolocation']);
    await session.context.setGeolocation({ latitude: 39.01234, longitude: 117.45678 });
    await page.click('button:has-text("使用我的位置")');
    await page.locator('.location', { hasText: '39.01234, 117.45678' }).waitFor();
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/worklist');
    await tableReady(page);
    assert.equal(await page.locator(`main a[href="${href}"]`).count(), 0, 'the visited row is gone');
    // What was typed and tapped is what the server keeps.
    const householdId = new URL(href, 'http://x').pathname.split('/').pop();
    const { visits } = await graphql(page, 'query($id: ID!) { visits(filter: {householdId: $id}, first: 100) { nodes { lat lng findings needs policiesExplained } } }', { id: householdId });
    const saved = visits.nodes.at(-1);
    assert.deepEqual(saved, { lat: 39.01234, lng: 117.45678, findings: '家中情况正常', needs: ['BASIC_LIVING'], policiesExplained: ['临时救助'] });
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

  test('the queue pages forward and back, and a decision on page 2 keeps page 2', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.goto(`${BASE}/verify`);
    await page.locator('article.suggestion').first().waitFor();
    await page.selectOption('select[name=pageSize]', '20');
    const { classifications } = await graphql(page, '{ classifications(filter: {status: SUGGESTED}, first: 0) { totalCount } }');
    const total = classifications.totalCount;
    assert.ok(total > 21, `the demo town has more than a page of suggestions (${total})`);
    const ids = () => page.locator('article.suggestion').evaluateAll((cards) => cards.map((c) => c.dataset.id));
    await page.waitForFunction(() => document.querySelectorAll('article.suggestion').length === 20);
    const first = await ids();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页').waitFor();
    await page.waitForFunction((id) => document.querySelector('article.suggestion')?.dataset.id !== id, first[0]);
    const second = await ids();
    assert.equal(second.length, Math.min(20, total - 20));
    assert.ok(second.every((id) => !first.includes(id)), 'page 2 holds other suggestions');
    await page.getByRole('button', { name: '上一页' }).click();
    await page.getByText('第 1 页').waitFor();
    await page.waitForFunction((id) => document.querySelector('article.suggestion')?.dataset.id === id, first[0]);
    assert.deepEqual(await ids(), first);

    // Rejecting the first of page 2: it leaves, the page stays, the next one moves up.
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页').waitFor();
    const card = page.locator(`article.suggestion[data-id="${second[0]}"]`);
    await card.locator('button.reject').click();
    await card.locator('textarea[name=reason]').fill('经核实不符合条件');
    await card.locator('button[type=submit]').click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('第 2 页').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('article.suggestion').length === n, Math.min(20, total - 21));
    const after = await ids();
    assert.deepEqual(after.slice(0, second.length - 1), second.slice(1));
    assert.equal(Number((await page.locator('main p.total').innerText()).replace(/\D/g, '')), total - 1);
    await close(session);
  });

  test('the work list pages forward and back', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'village');
    await page.click('nav.sections a[href="/worklist"]');
    await tableReady(page);
    await page.selectOption('select[name=pageSize]', '20');
    await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 20);
    const { dueVisits } = await graphql(page, '{ dueVisits(first: 1) { totalCount } }');
    assert.ok(dueVisits.totalCount > 20, `more than a page of visits due (${dueVisits.totalCount})`);
    const rows = () => page.locator('main tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText));
    const first = await rows();
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页').waitFor();
    await page.waitForFunction((text) => document.querySelector('main tbody tr')?.innerText !== text, first[0]);
    const second = await rows();
    assert.equal(second.length, Math.min(20, dueVisits.totalCount - 20));
    assert.ok(second.every((row) => !first.includes(row)), 'page 2 holds other visits');
    await page.getByRole('button', { name: '上一页' }).click();
    await page.getByText('第 1 页').waitFor();
    await page.waitForFunction((text) => document.querySelector('main tbody tr')?.innerText === text, first[0]);
    assert.deepEqual(await rows(), first);
    await close(session);
  });

  test('the village home shows this month\'s sweep coverage of each of its grids', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'village');
    // A sweep recorded now, in the village's last grid, so one share is not zero.
    const { region } = await sessionUser(page);
    const { regions } = await graphql(page, 'query($p: ID) { regions(parentId: $p) { id } }', { p: region.id });
    const grid = regions.at(-1);
    const { households } = await graphql(page, 'query($r: ID) { households(filter: {regionId: $r}, first: 1) { nodes { id } } }', { r: grid.id });
    await graphql(page, 'mutation($i: VisitInput!) { recordVisit(input: $i) { id } }', {
      i: { householdId: households.nodes[0].id, kind: 'MONTHLY_SWEEP', visitedAt: new Date().toISOString() },
    });
    await page.reload();
    const rows = page.locator('aside.figures table tbody tr');
    await rows.first().waitFor();
    const { stats } = await graphql(page, '{ stats { children { region { id name level } figures { sweptThisMonthShare } } } }');
    assert.ok(stats.children.length > 1 && stats.children.every((c) => c.region.level === 'GRID'), 'the grids');
    assert.equal(await rows.count(), stats.children.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [
      tr.querySelector('td[data-label="名称"]').innerText,
      tr.querySelector('td[data-label="本月排查覆盖率"]').innerText,
    ]));
    for (const [i, { region, figures }] of stats.children.entries()) {
      const [name, share] = shown[i];
      assert.equal(name, region.name);
      assert.match(share, /^\d+%$/);
      assert.ok(Math.abs(Number.parseInt(share, 10) - figures.sweptThisMonthShare * 100) <= 0.5, `${name}: ${share} vs ${figures.sweptThisMonthShare}`);
    }
    const swept = stats.children.find((c) => c.region.id === grid.id).figures.sweptThisMonthShare;
    assert.ok(swept > 0, `the swept grid's share (${swept})`);
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
