// The working tools: filters, paging, CSV export, the map, the language.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { close, column, launch, login, open, tableReady } from '../lib.mjs';

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
    const drawn = await page.locator('.map circle').count();
    assert.ok(drawn < 1500, `${drawn} circles for a town`);
    const zoom = await page.locator('.scale-bar text').textContent();
    const bubble = await page.locator('.map .bubble circle').first().boundingBox();
    await page.mouse.click(bubble.x + bubble.width / 2, bubble.y + bubble.height / 2);
    await page.waitForFunction((z) => document.querySelector('.scale-bar text')?.textContent !== z, zoom);
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
});
