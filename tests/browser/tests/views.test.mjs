// The working tools: filters, paging, CSV export, the map, the language.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { BASE, close, column, graphql, launch, login, open, tableReady } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

async function signedIn(username) {
  const session = await open(browser);
  await login(session.page, username);
  await tableReady(session.page);
  return session;
}

const firstAddress = (page) => page.locator('td[data-label="地址"]').first().innerText();

describe('views', () => {
  test('the table pages through the Relay cursors and back', async () => {
    const session = await signedIn('village');
    const { page } = session;
    await page.selectOption('select[name=pageSize]', '20');
    await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 20);
    const first = await firstAddress(page);
    await page.getByRole('button', { name: '下一页' }).click();
    await page.getByText('第 2 页').waitFor();
    await page.waitForFunction((a) => document.querySelector('td[data-label="地址"]')?.innerText !== a, first);
    const second = await firstAddress(page);
    await page.getByRole('button', { name: '上一页' }).click();
    await page.getByText('第 1 页').waitFor();
    await page.waitForFunction((a) => document.querySelector('td[data-label="地址"]')?.innerText === a, first);
    assert.notEqual(first, second);
    await close(session);
  });

  test('filters go to the server, stay in the URL, and narrow table and map alike', async () => {
    const session = await signedIn('village');
    const { page } = session;
    await page.selectOption('select[name=status]', 'DIBAO');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/status=DIBAO/);
    await page.waitForFunction(() => [...document.querySelectorAll('td[data-label="经济状况"]')].every((td) => td.innerText === '低保'));
    const rows = (await column(page, '经济状况')).length;
    assert.ok(rows > 0, 'the demo village has 低保 households');
    await page.waitForFunction((n) => document.querySelectorAll('.map .pt').length === n, rows);
    // A reload keeps the filter.
    await page.reload();
    await tableReady(page);
    assert.deepEqual([...new Set(await column(page, '经济状况'))], ['低保']);
    await close(session);
  });

  test('sorting reorders the loaded page and the CSV export holds what is shown', async () => {
    const session = await signedIn('town');
    const { page } = session;
    await page.getByRole('button', { name: '按“户数”排序' }).click();
    await page.getByRole('button', { name: '按“户数”排序' }).click();
    const counts = (await column(page, '户数')).map(Number);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'descending');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^区域-\d{8}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFF名称,类型,区划代码,户数,人数\r\n'), 'a byte-order mark, then the header');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, counts.length + 1);
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[3])), counts, 'in the order shown');
    await close(session);
  });

  test('the whole filtered list downloads as XLSX from the server, with the filter shown', async () => {
    const session = await signedIn('village');
    const { page } = session;
    await page.selectOption('select[name=status]', 'DIBAO');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/status=DIBAO/);
    const [request, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/exports/households.xlsx')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出全部 XLSX' }).click(),
    ]);
    const asked = new URL(request.url()).searchParams;
    assert.equal(asked.get('economicStatus'), 'DIBAO', 'the table\'s filter, not the page, goes to the server');
    assert.ok(asked.get('regionId'), 'scoped to the village shown');
    assert.equal(download.suggestedFilename(), 'households.xlsx');
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip archive');
    assert.equal(await page.locator('.export-error').count(), 0, 'no error shown');
    await close(session);
  });

  test('the map zooms, and a point opens its household', async () => {
    const session = await signedIn('grid');
    const { page } = session;
    const map = page.locator('.map');
    await page.locator('.map .pt').first().waitFor();
    const scale = () => page.locator('.scale-bar text').textContent();
    const before = await scale();
    await map.hover();
    await page.mouse.wheel(0, 600);
    await page.waitForFunction((b) => document.querySelector('.scale-bar text')?.textContent !== b, before);
    await page.getByRole('button', { name: '显示全部' }).click();
    const point = await page.locator('.map .pt').first().boundingBox();
    await page.mouse.click(point.x + point.width / 2, point.y + point.height / 2);
    await page.waitForURL(/\/households\//);
    await close(session);
  });

  test('a town\'s households on the map aggregate into bubbles that zoom in', async () => {
    const session = await signedIn('town');
    const { page } = session;
    await page.getByLabel('在地图上显示全部住户').check();
    await page.waitForURL(/points=1/);
    await page.locator('.map .bubble').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.map-status')?.innerText.includes('已加载'));
    // Town and district maps are coloured by category first.
    assert.match(await page.locator('.map-legend').innerText(), /留守老年人/);
    const drawn = await page.locator('.map circle').count();
    assert.ok(drawn < 1500, `${drawn} circles for a town`);
    const zoom = await page.locator('.scale-bar text').textContent();
    const bubble = await page.locator('.map .bubble circle').first().boundingBox();
    await page.mouse.click(bubble.x + bubble.width / 2, bubble.y + bubble.height / 2);
    await page.waitForFunction((z) => document.querySelector('.scale-bar text')?.textContent !== z, zoom);
    await close(session);
  });

  test('the map colours households by category and care level as the API classifies them', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    // The demo starts with suggestions only. Confirm those of a household
    // in two categories: the first by priority as 一般, the other as 重点,
    // so the category and the strictest level come from different ones.
    const priority = ['LEFT_BEHIND_CHILD', 'LEFT_BEHIND_ELDERLY', 'LEFT_BEHIND_WOMAN'];
    const { classifications } = await graphql(page, `{ classifications(filter: {status: SUGGESTED}, first: 100) {
      nodes { id category person { household { id address region { id } } } } } }`);
    const byHousehold = new Map();
    for (const c of classifications.nodes) {
      const id = c.person.household.id;
      byHousehold.set(id, [...(byHousehold.get(id) ?? []), c]);
    }
    const mixed = [...byHousehold.values()].find((cs) => new Set(cs.map((c) => c.category)).size > 1);
    assert.ok(mixed, 'a household with suggestions in two categories');
    const top = priority.find((k) => mixed.some((c) => c.category === k));
    for (const c of mixed) {
      await graphql(page, 'mutation($id: ID!, $l: CareLevel!) { confirmClassification(id: $id, careLevel: $l) { id } }', {
        id: c.id, l: c.category === top ? 'GENERAL' : 'KEY',
      });
    }
    const { household } = mixed[0].person;
    const region = household.region.id;
    const expected = {};
    for (let after = null, more = true; more;) {
      const { households } = await graphql(page, `query($r: ID, $a: String) { households(filter: {regionId: $r}, first: 100, after: $a) {
        nodes { id classifications(status: [CONFIRMED]) { category careLevel } } pageInfo { hasNextPage endCursor } } }`, { r: region, a: after });
      for (const h of households.nodes) {
        const has = (key, value) => h.classifications.some((c) => c[key] === value);
        expected[h.id] = {
          category: priority.find((k) => has('category', k)),
          care: ['HIGH', 'KEY', 'GENERAL'].find((l) => has('careLevel', l)),
        };
      }
      ({ hasNextPage: more, endCursor: after } = households.pageInfo);
    }
    const categoryClass = { LEFT_BEHIND_CHILD: 'c-child', LEFT_BEHIND_ELDERLY: 'c-elderly', LEFT_BEHIND_WOMAN: 'c-woman' };
    const careClass = { HIGH: 'c-care-high', KEY: 'c-care-key', GENERAL: 'c-care-general' };
    const points = () => page.locator('.map .pt').evaluateAll((pts) => pts.map((p) => [p.dataset.href.split('/').pop(), p.getAttribute('class')]));
    const legend = () => page.locator('.map-legend').innerText();

    // A village's or grid's households are coloured by economic status first.
    await page.goto(`${BASE}/regions/${region}`);
    await page.locator('.map .pt').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.map-status')?.innerText.includes('已加载'));
    assert.ok((await points()).every(([, c]) => /^pt c-(general|dibao|tekun|unknown)$/.test(c)));
    assert.match(await legend(), /低保/);

    await page.selectOption('select[name=colour]', 'category');
    await page.waitForURL(/colour=category/);
    assert.deepEqual((await legend()).split('\n'), ['留守儿童', '留守老年人', '留守妇女', '未认定']);
    const drawn = await points();
    assert.ok(drawn.length > 0);
    for (const [id, c] of drawn) assert.equal(c, `pt ${categoryClass[expected[id].category] ?? 'c-none'}`, id);

    // The confirmed household alone (the filter keeps the colouring), then by care level.
    await page.fill('input[name=address]', household.address);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL((url) => url.searchParams.get('address') === household.address && url.searchParams.get('colour') === 'category');
    const own = page.locator(`.map .pt[data-href="/households/${household.id}"]`);
    await own.waitFor();
    assert.deepEqual(expected[household.id], { category: top, care: 'KEY' });
    assert.equal(await own.getAttribute('class'), `pt ${categoryClass[top]}`);
    await page.selectOption('select[name=colour]', 'care');
    await page.waitForURL(/colour=care/);
    assert.equal(await own.getAttribute('class'), 'pt c-care-key');
    assert.deepEqual((await legend()).split('\n'), ['高', '重点', '一般', '未认定']);
    await close(session);
  });

  test('English is one click away and remembered', async () => {
    const session = await signedIn('grid');
    const { page } = session;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Households of this grid' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('heading', { name: 'Households of this grid' }).waitFor();
    // The router re-created by the switch still follows links.
    await page.locator('main table a').first().click();
    await page.getByRole('heading', { name: 'Household', exact: true }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '住户详情' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: '本网格住户' }).waitFor();
    await close(session);
  });

  test('the district drills down district → town → village → household, with the figures of each level', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await tableReady(page);
    // Town: its villages compared, and below them the town's own figures.
    const { stats: district } = await graphql(page, '{ stats { children { region { id name } } } }');
    const town = district.children[0].region;
    await page.locator('main table a', { hasText: town.name }).first().click();
    await page.waitForURL(`**/regions/${town.id}`);
    await tableReady(page);
    assert.equal(await page.locator('.breadcrumb').innerText().then((t) => t.includes(town.name)), true);
    const { stats } = await graphql(page, 'query($id: ID) { stats(regionId: $id) { totals { households } children { region { id name level } } } }', { id: town.id });
    assert.ok(stats.children.length > 0 && stats.children.every((c) => c.region.level === 'VILLAGE'));
    const rows = page.locator('aside.figures table tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('aside.figures table tbody tr').length === n, stats.children.length);
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td').innerText));
    assert.deepEqual(names, stats.children.map((c) => c.region.name));
    const facts = await page.locator('aside.figures dl').innerText();
    assert.ok(facts.replaceAll(',', '').includes(String(stats.totals.households)), facts);
    // Village: its households; then one household.
    const village = stats.children[0].region;
    await page.locator('main table a', { hasText: village.name }).first().click();
    await page.waitForURL(`**/regions/${village.id}`);
    await tableReady(page);
    await page.locator('main table a[href^="/households/"]').first().click();
    await page.waitForURL('**/households/*');
    const crumbs = await page.locator('.breadcrumb').innerText();
    assert.ok(crumbs.includes(town.name) && crumbs.includes(village.name), crumbs);
    await close(session);
  });
});
