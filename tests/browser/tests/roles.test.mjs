// Each role signs in and sees its own region, and only its own data.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { close, column, graphql, launch, login, open, sessionUser, tableReady } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** Signs in and waits for the home view. */
async function home(username) {
  const session = await open(browser);
  await login(session.page, username);
  await tableReady(session.page);
  return session;
}

/** `共 N 户` or `共 n 个区域，N 户，…` as numbers. */
async function summaryNumbers(page) {
  const text = await page.locator('.table-tools .total').innerText();
  return [...text.replaceAll(',', '').matchAll(/\d+/g)].map((m) => Number(m[0]));
}

describe('each role sees its own region and nothing else', () => {
  for (const [username, grid, other] of [['grid', '渡口村第1网格', '渡口村第2网格'], ['grid2', '渡口村第2网格', '渡口村第1网格']]) {
    test(`${username} sees the households of ${grid}, all of them and only them`, async () => {
      const session = await home(username);
      const { page } = session;
      assert.equal(await page.locator('.topbar .region').innerText(), grid);
      assert.equal(await page.locator('main h2').first().innerText(), '本网格住户');
      const grids = await column(page, '所属网格');
      assert.ok(grids.length > 0, 'some households');
      assert.ok(grids.every((g) => g === grid), `all in ${grid}: ${grids}`);
      assert.ok(!(await page.locator('main').innerText()).includes(other));
      const { households } = await graphql(page, '{ households(first: 0) { totalCount } }');
      assert.deepEqual(await summaryNumbers(page), [households.totalCount]);
      // The map shows the same households as the table.
      await page.waitForFunction((n) => document.querySelectorAll('.map .pt').length === n, households.totalCount);
      await close(session);
    });
  }

  for (const [username, village] of [['village', '渡口村'], ['village2', '小王庄村']]) {
    test(`${username} sees the households of ${village}, by grid`, async () => {
      const session = await home(username);
      const { page } = session;
      assert.equal(await page.locator('.topbar .region').innerText(), village);
      assert.equal(await page.locator('main h2').first().innerText(), '本村(居)住户（按网格）');
      const grids = await column(page, '所属网格');
      assert.ok(grids.length > 0 && grids.every((g) => g.startsWith(`${village}第`)), `grids of ${village}: ${grids}`);
      const options = await page.locator('select[name=region] option').allInnerTexts();
      assert.deepEqual(options.slice(1).filter((o) => !o.startsWith(`${village}第`)), [], 'only its own grids to filter by');
      await close(session);
    });
  }

  for (const username of ['town', 'town2']) {
    test(`${username} compares the villages of its own town`, async () => {
      const session = await home(username);
      const { page } = session;
      const user = await sessionUser(page);
      const { region } = await graphql(page, 'query($id: ID!) { region(id: $id) { code } }', { id: user.region.id });
      assert.equal(await page.locator('.topbar .region').innerText(), user.region.name);
      assert.equal(await page.locator('main h2').first().innerText(), '本镇(街)各村(居)');
      const codes = await column(page, '区划代码');
      assert.ok(codes.length > 1 && codes.every((c) => c.length === 12 && c.startsWith(region.code)), `${codes}`);
      const { households, people } = await graphql(page, '{ households(first: 0) { totalCount } people(first: 0) { totalCount } }');
      assert.deepEqual(await summaryNumbers(page), [codes.length, households.totalCount, people.totalCount]);
      if (username === 'town2') {
        assert.ok(!(await page.locator('body').innerText()).includes('小王庄镇'), 'town2 never sees 小王庄镇');
      }
      await close(session);
    });
  }

  test('district compares every town with household and person counts', async () => {
    const session = await home('district');
    const { page } = session;
    assert.equal(await page.locator('main h2').first().innerText(), '各镇(街)对比');
    const codes = await column(page, '区划代码');
    const { regions } = await graphql(page, '{ regions { id } }');
    const { towns } = await graphql(page, 'query($p: ID) { towns: regions(parentId: $p) { code } }', { p: regions[0].id });
    assert.deepEqual(codes, towns.map((t) => t.code));
    const households = (await column(page, '户数')).map(Number);
    const { households: all } = await graphql(page, '{ households(first: 0) { totalCount } }');
    assert.equal(households.reduce((a, b) => a + b, 0), all.totalCount, 'the towns add up to the district');
    // One bubble per town on the map.
    assert.equal(await page.locator('.map .area').count(), towns.length);
    await close(session);
  });

  test('admin sees a notice and no personal data, and asks for none', async () => {
    const session = await open(browser);
    const { page } = session;
    const operations = [];
    page.on('request', (r) => r.url().endsWith('/graphql') && operations.push(r.postDataJSON()?.operationName));
    await login(page, 'admin');
    await page.locator('.admin-notice').waitFor();
    assert.match(await page.locator('.admin-notice').innerText(), /账号/);
    assert.equal(await page.locator('table').count(), 0);
    assert.equal(await page.locator('.map').count(), 0);
    assert.deepEqual(operations, ['Login']);
    await close(session);
  });
});
