// Mandatory-report alerts: every staff tier sees those of its jurisdiction,
// a town acknowledges one with what was done, and a grid worker cannot.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { close, graphql, launch, login, open } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** The page's `共 N 条` as a number. */
async function shownTotal(page) {
  return Number((await page.locator('main p.total').innerText()).replace(/\D/g, ''));
}

describe('mandatory-report alerts', () => {
  test('town sees its open alerts, needs a note, and acknowledges one', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.click('nav.sections a[href="/alerts"]');
    const card = page.locator('article.alert').first();
    await card.waitFor();
    const listed = await graphql(page, '{ alerts(filter: {status: OPEN}, first: 100) { totalCount nodes { id kind person { name } } } }');
    assert.ok(listed.alerts.totalCount > 0, 'the demo has open alerts in the town');
    assert.equal(await shownTotal(page), listed.alerts.totalCount);
    // Oldest first, as the API lists them, with the child's name and the kind's label.
    const id = await card.getAttribute('data-id');
    const first = listed.alerts.nodes[0];
    assert.equal(id, first.id);
    const heading = await card.locator('h3').innerText();
    assert.ok(heading.includes(first.person.name), heading);
    assert.ok(heading.includes({ CHILD_LIVING_ALONE: '儿童独居', GUARDIAN_INCAPABLE: '监护缺失' }[first.kind]), heading);

    // No note, no acknowledgement: the field says so and nothing is sent.
    await card.locator('button.acknowledge').click();
    await card.locator('button[type=submit]').click();
    await card.locator('[data-field=note] .field-error').waitFor();
    const still = await graphql(page, `{ alerts(filter: {status: OPEN}, first: 0) { totalCount } }`);
    assert.equal(still.alerts.totalCount, listed.alerts.totalCount);

    await card.locator('textarea[name=note]').fill('已联系祖父母临时照料，村委会每日探视');
    await card.locator('button[type=submit]').click();
    await page.locator(`article.alert[data-id="${id}"]`).waitFor({ state: 'detached' });
    await page.waitForFunction((n) => document.querySelector('main p.total')?.innerText.replace(/\D/g, '') === String(n), listed.alerts.totalCount - 1);

    // The acknowledged list shows who did what.
    await page.selectOption('select[name=status]', 'ACKNOWLEDGED');
    await page.waitForURL(/status=ACKNOWLEDGED/);
    const done = page.locator(`article.alert[data-id="${id}"]`);
    await done.waitFor();
    const facts = await done.locator('dl').innerText();
    assert.ok(facts.includes('已联系祖父母临时照料'), facts);
    assert.ok(facts.includes((await graphql(page, '{ me { displayName } }')).me.displayName), facts);
    assert.equal(await done.locator('button.acknowledge').count(), 0);
    await close(session);
  });

  test('the alerts chosen download whole as XLSX from the server', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.click('nav.sections a[href="/alerts"]');
    await page.locator('article.alert').first().waitFor();
    const [request, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/exports/alerts.xlsx')),
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出全部 XLSX' }).click(),
    ]);
    assert.equal(new URL(request.url()).searchParams.get('status'), 'OPEN', 'the status shown goes to the server');
    assert.equal(download.suggestedFilename(), 'alerts.xlsx');
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX file is a zip archive');
    assert.equal(await page.locator('.export-error').count(), 0, 'no error shown');
    await close(session);
  });

  test('a grid worker who records a child living alone sees the alert raised, without acknowledging it', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'grid2');
    const before = await graphql(page, '{ alerts(first: 0) { totalCount } }');
    const { people } = await graphql(page, '{ people(first: 100) { nodes { id name age residenceStatus livingAlone } } }');
    const child = people.nodes.find((p) => p.age !== null && p.age < 16 && p.residenceStatus === 'AT_HOME' && p.livingAlone !== true);
    assert.ok(child, 'a child at home in the grid');

    await page.goto(new URL(`/people/${child.id}`, page.url()).href);
    await page.getByRole('button', { name: '编辑人员信息' }).click();
    await page.selectOption('select[name=livingAlone]', 'true');
    await page.click('.record-form button[type=submit]');
    await page.locator('.saved').waitFor();

    await page.click('nav.sections a[href="/alerts"]');
    const card = page.locator('article.alert', { hasText: child.name });
    await card.waitFor();
    assert.ok((await card.locator('h3').innerText()).includes('儿童独居'));
    assert.equal(await shownTotal(page), before.alerts.totalCount + 1);
    const { alerts } = await graphql(page, '{ alerts(first: 100) { nodes { id person { id } } } }');
    const shown = await page.locator('article.alert').evaluateAll((cards) => cards.map((c) => c.dataset.id));
    assert.deepEqual(shown, alerts.nodes.map((a) => a.id));
    assert.ok(alerts.nodes.some((a) => a.person?.id === child.id));
    // Grid workers report and visit; the town decides what was done.
    assert.equal(await page.locator('button.acknowledge').count(), 0);
    await close(session);
  });
});
