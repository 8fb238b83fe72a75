// 台账上报: a village prepares and submits its monthly report, the town
// returns it with a reason and accepts the next version, the town submits
// its quarterly ledger with a reason for the missing village reports, and
// the district accepts the ledger and downloads it as XLSX.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { close, graphql, launch, login, open, sessionUser } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** Opens 台账上报 from the navigation and waits for the status grid. */
async function reports(page) {
  await page.click('nav.sections a[href="/reports"]');
  await page.locator('table.report-grid tbody tr').first().waitFor();
}

/** The grid's last (current) period. */
function currentPeriod(page) {
  return page.locator('table.report-grid thead th').last().innerText();
}

/** The heading of the open report once it shows `status`. */
async function reportShows(page, status) {
  await page.locator('section.report h3', { hasText: status }).waitFor();
}

let village = '';
let month = '';

describe('the reporting chain', () => {
  test('a village prepares this month, sees the frozen rows and submits', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'village');
    village = (await sessionUser(page)).region.name;
    await reports(page);
    month = await currentPeriod(page);
    const cell = page.locator(`td[data-region="${village}"][data-period="${month}"]`);
    assert.match(await cell.innerText(), /未报/);
    await page.locator('button.prepare').click();
    await page.locator('section.report table.report-rows tbody tr').first().waitFor();
    await reportShows(page, '草稿');
    // Compared with last month's accepted report: each row says how it changed.
    const classes = await page.locator('table.report-rows tbody tr').evaluateAll((rows) => rows.map((r) => r.className));
    assert.ok(classes.every((c) => /^change-(NEW|ENDED|CHANGED|UNCHANGED)$/.test(c)), classes.join(' '));
    await page.locator('button.submit').click();
    await reportShows(page, '已上报');
    await page.locator(`td[data-region="${village}"][data-period="${month}"]`, { hasText: '已上报' }).waitFor();
    await close(session);
  });

  test('the town returns it with a required reason and accepts the next version', async () => {
    const town = await open(browser);
    await login(town.page, 'town');
    await reports(town.page);
    await town.page.locator(`td[data-region="${village}"][data-period="${month}"] a`).click();
    await reportShows(town.page, '已上报');
    await town.page.locator('button.give-back').click();
    await town.page.locator('button.give-back').click();
    await town.page.locator('[data-field=reason] .field-error').waitFor();
    await town.page.locator('textarea[name=reason]').fill('走访记录不全，请补充');
    await town.page.locator('button.give-back').click();
    await reportShows(town.page, '已退回');

    const again = await open(browser);
    await login(again.page, 'village');
    await reports(again.page);
    await again.page.locator('button.prepare').click();
    await reportShows(again.page, '第2版');
    await again.page.locator('button.submit').click();
    await reportShows(again.page, '已上报');
    await close(again);

    await town.page.reload();
    await reports(town.page);
    await town.page.locator(`td[data-region="${village}"][data-period="${month}"] a`).click();
    await reportShows(town.page, '第2版');
    await town.page.locator('button.accept').click();
    await reportShows(town.page, '已接收');
    await close(town);
  });

  test('the town submits its quarterly ledger, stating why village reports are missing', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await reports(page);
    await page.locator('button.prepare').click();
    await reportShows(page, '草稿');
    await page.locator('button.submit').click();
    await page.locator('[data-field=reason] .field-error').waitFor();
    await page.locator('textarea[name=reason]').fill('部分村居本季度月报尚未补齐，已督促');
    await page.locator('button.submit').click();
    await reportShows(page, '已上报');
    await page.locator('section.ledgers li', { hasText: '已上报' }).first().waitFor();
    await close(session);
  });

  test('the district accepts the ledger and downloads it as XLSX', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await reports(page);
    const quarter = await currentPeriod(page);
    await page.locator(`td[data-period="${quarter}"] a`, { hasText: '已上报' }).first().click();
    await reportShows(page, '已上报');
    await page.locator('button.accept').click();
    await reportShows(page, '已接收');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.download').click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip archive');
    const { auditLog } = await graphql(page, '{ auditLog(filter: { action: "report.export" }, first: 1) { totalCount } }');
    assert.ok(auditLog.totalCount >= 1, 'the download is audited');
    await close(session);
  });
});
