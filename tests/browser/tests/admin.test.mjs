// Administration: an account an admin creates cannot log in until the
// district (or, for grids and villages, the town) approves it, and a refusal
// needs a reason; an admin creates a dashboard token, sees its secret once,
// uses it, and revokes it; the admin and the district read the audit log; a
// grid worker gets neither.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BASE, close, column, graphql, launch, login, open, tableReady } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** The token the first test creates, for the audit tests after it. */
let created;

/** A GraphQL request from Node (not the page, whose console would log a 401). */
async function asToken(secret, query) {
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/** The cells of the table row whose text includes `text`, by column label. */
async function rowWith(page, text) {
  const row = page.locator('main tbody tr', { hasText: text });
  await row.waitFor();
  const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => [td.dataset.label, td.innerText]));
  return Object.fromEntries(cells);
}

/** Navigates inside the app by its header link, as a user would. */
async function follow(page, href) {
  await page.click(`nav.sections a[href="${href}"]`);
  await page.waitForURL((url) => url.pathname === href);
  await tableReady(page);
}

/** Logs in and expects the login page's refusal. */
async function loginRefused(page, username, password) {
  await page.goto(`${BASE}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.locator('main.login .error').waitFor();
  assert.equal(await page.locator('main.login .error').innerText(), '用户名或密码错误');
  assert.equal(new URL(page.url()).pathname, '/login');
}

describe('the two-person rule for accounts', () => {
  const password = 'a-long-password-1';

  test('admin creates an account → it cannot log in → the district approves → it can', async () => {
    const username = `new.grid.${Date.now()}`;
    const admin = await open(browser);
    await login(admin.page, 'admin');
    await follow(admin.page, '/admin');
    const { users } = await graphql(admin.page, '{ users(first: 100) { nodes { username region { id } } } }');
    const grid = users.nodes.find((u) => u.username === 'grid').region.id;
    await admin.page.fill('.new-user input[name=username]', username);
    await admin.page.fill('.new-user input[name=displayName]', '新网格员');
    await admin.page.selectOption('.new-user select[name=role]', 'GRID');
    await admin.page.selectOption('.new-user select[name=regionId]', grid);
    await admin.page.fill('.new-user input[name=password]', password);
    await admin.page.click('.new-user button[type=submit]');
    assert.match(await admin.page.locator('.new-user .saved').innerText(), /审核后生效/);
    assert.equal((await rowWith(admin.page, username))['状态'], '待审核');

    const newcomer = await open(browser);
    await loginRefused(newcomer.page, username, password);

    const district = await open(browser);
    await login(district.page, 'district');
    await district.page.click('nav.sections a[href="/approvals"]');
    const card = district.page.locator(`.pending-account[data-username="${username}"]`);
    await card.waitFor();
    const facts = await card.locator('.fact').allInnerTexts();
    assert.ok(facts.some((f) => /新建账号/.test(f)), facts.join(' | '));
    assert.ok(facts.some((f) => /系统管理员/.test(f)), 'the requesting admin is named');
    await card.locator('button.approve').click();
    await card.waitFor({ state: 'detached' });
    await close(district);

    await login(newcomer.page, username, password);
    const { me } = await graphql(newcomer.page, '{ me { username status } }');
    assert.deepEqual(me, { username, status: 'ACTIVE' });
    await close(newcomer);

    await admin.page.reload();
    await tableReady(admin.page);
    assert.equal((await rowWith(admin.page, username))['状态'], '正常');
    await close(admin);
  });

  test('a town refuses a grid account with a reason, which the admin sees', async () => {
    const username = `refused.grid.${Date.now()}`;
    const admin = await open(browser);
    await login(admin.page, 'admin');
    const { users } = await graphql(admin.page, '{ users(first: 100) { nodes { username region { id } } } }');
    const grid = users.nodes.find((u) => u.username === 'grid').region.id;
    await graphql(admin.page, 'mutation($i: UserInput!) { createUser(input: $i) { id } }', {
      i: { username, displayName: '待拒绝', role: 'GRID', regionId: grid, password },
    });

    const town = await open(browser);
    await login(town.page, 'town');
    await town.page.click('nav.sections a[href="/approvals"]');
    const card = town.page.locator(`.pending-account[data-username="${username}"]`);
    await card.locator('button.refuse').click();
    await card.locator('button[type=submit].refuse').click();
    await card.locator('.field[data-field=reason] .field-error').waitFor();
    await card.locator('textarea[name=reason]').fill('本网格已有网格员');
    await card.locator('button[type=submit].refuse').click();
    await card.waitFor({ state: 'detached' });
    await close(town);

    const refused = await open(browser);
    await loginRefused(refused.page, username, password);
    await close(refused);
    await follow(admin.page, '/admin');
    assert.equal((await rowWith(admin.page, username))['状态'], '审核未通过：本网格已有网格员');
    await close(admin);
  });
});

describe('API tokens and the audit log', () => {
  test('admin creates a token, sees the secret once, and revokes it', async () => {
    const session = await open(browser);
    const { page, context } = session;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    await login(page, 'admin');
    assert.deepEqual(
      await page.locator('nav.sections a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      ['/admin', '/tokens', '/audit'],
    );
    await follow(page, '/tokens');

    // A name is required: the server's message shows at the field.
    await page.click('.new-token button[type=submit]');
    await page.locator('.field[data-field=name] .field-error').waitFor();
    assert.equal(await page.locator('.secret').count(), 0);

    const name = `大屏 ${Date.now()}`;
    await page.fill('.new-token input[name=name]', name);
    await page.click('.new-token button[type=submit]');
    const secret = (await page.locator('.secret .secret-value').innerText()).trim();
    assert.ok(secret.length >= 20 && !/\s/.test(secret), `a token: ${secret}`);
    assert.match(await page.locator('.secret .warning').innerText(), /只显示这一次/);
    assert.equal(await page.locator('.field[data-field=name] .field-error').count(), 0, 'the error is gone');

    // The copy button puts exactly the secret on the clipboard.
    await page.click('.secret button.copy');
    await page.locator('.secret button.copy', { hasText: '已复制' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    // The list shows it, active, and the API knows it by that name.
    const row = await rowWith(page, name);
    assert.equal(row['状态'], '有效');
    assert.equal(row['撤销时间'], '—');
    const { apiTokens } = await graphql(page, '{ apiTokens(first: 100) { nodes { id name revokedAt } } }');
    created = apiTokens.nodes.find((t) => t.name === name);
    assert.ok(created && created.revokedAt === null, `${name} created`);

    // The secret reads the dashboard's figures, and nothing else.
    const ok = await asToken(secret, '{ stats { totals { households } } }');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors));
    assert.ok(ok.body.data.stats.totals.households > 0, JSON.stringify(ok.body.data));

    // The newest audit entry is the creation, of this token.
    await follow(page, '/audit');
    const first = await page.locator('main tbody tr').first().locator('td').allInnerTexts();
    assert.equal(first[2], 'api_token.create', first.join(' | '));
    assert.equal(first[3], '新建接口令牌');
    assert.equal(first[4], `api_token ${created.id}`);
    assert.match(first[8], new RegExp(`name=${name}`));

    // Shown once: after a reload the secret is nowhere on the page.
    await page.goto(`${BASE}/tokens`);
    await tableReady(page);
    await rowWith(page, name);
    assert.equal(await page.locator('.secret').count(), 0);
    assert.ok(!(await page.locator('body').innerText()).includes(secret));

    // Revoking is a link in the row, then a confirmation; cancelling keeps
    // the token.
    const revoke = page.locator('main tbody tr', { hasText: name }).locator('td[data-label="撤销"] a');
    assert.equal(await revoke.getAttribute('href'), `/tokens?revoke=${created.id}`);
    await revoke.click();
    assert.match(await page.locator('.confirm').innerText(), new RegExp(`确定撤销令牌「${name}」`));
    await page.click('.confirm button:not(.danger)');
    await page.waitForURL((url) => url.search === '');
    await page.locator('.confirm').waitFor({ state: 'detached' });
    assert.equal((await asToken(secret, '{ stats { totals { households } } }')).status, 200);

    await revoke.click();
    await page.click('.confirm button.danger');
    await page.locator('main .saved', { hasText: '令牌已撤销' }).waitFor();
    await page.locator('main tbody tr', { hasText: name }).locator('td[data-label="状态"]', { hasText: '已撤销' }).waitFor();
    const revoked = await rowWith(page, name);
    assert.equal(revoked['撤销'], '', 'no longer offered for revoking');
    assert.notEqual(revoked['撤销时间'], '—');
    assert.equal(await page.locator('.confirm').count(), 0);

    const refused = await asToken(secret, '{ stats { totals { households } } }');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    await close(session);
  });

  test('admin filters the audit log by action and pages through it', async () => {
    assert.ok(created, 'the token of the first test');
    const session = await open(browser);
    const { page } = session;
    await login(page, 'admin');
    await follow(page, '/audit');

    await page.fill('input[name=action]', 'api_token.create');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL((url) => url.searchParams.get('action') === 'api_token.create');
    await page.locator('main td[data-label="说明"]').first().waitFor();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('main td[data-label="操作"]')];
      return cells.length > 0 && cells.every((td) => td.innerText === 'api_token.create');
    });
    const filtered = { action: 'api_token.create' };
    const { auditLog } = await graphql(
      page,
      'query($f: AuditFilter) { auditLog(filter: $f, first: 1) { totalCount nodes { targetId } } }',
      { f: filtered },
    );
    assert.equal(await page.locator('main tbody tr').count(), auditLog.totalCount);
    assert.equal(auditLog.nodes[0].targetId, created.id);
    assert.equal((await column(page, '对象'))[0], `api_token ${created.id}`);

    // The filter is in the URL: a reload keeps it, in the form too.
    await page.reload();
    await tableReady(page);
    assert.equal(await page.inputValue('input[name=action]'), 'api_token.create');
    assert.deepEqual([...new Set(await column(page, '操作'))], ['api_token.create']);

    // Enough entries for two pages of 20, then page forward.
    await page.click('form.filters button[type=button]');
    await page.waitForURL((url) => url.search === '');
    const { auditLog: all } = await graphql(page, '{ auditLog(first: 0) { totalCount } }');
    const missing = Math.max(0, 25 - all.totalCount);
    if (missing > 0) {
      const user = await graphql(page, '{ me { region { id } } }');
      const mutations = Array.from({ length: missing }, (_, i) =>
        `t${i}: createApiToken(name: "填充 ${i}", regionId: $r) { token }`);
      await graphql(page, `mutation($r: ID!) { ${mutations.join(' ')} }`, { r: user.me.region.id });
      await page.reload();
    }
    await tableReady(page);
    await page.selectOption('select[name=pageSize]', '20');
    await page.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 20);
    const { auditLog: pages } = await graphql(
      page,
      '{ auditLog(first: 20) { totalCount pageInfo { endCursor } nodes { targetType targetId } } }',
    );
    assert.ok(pages.totalCount > 20, `${pages.totalCount} entries`);
    const { auditLog: second } = await graphql(
      page,
      'query($a: String) { auditLog(first: 20, after: $a) { nodes { action targetType targetId } } }',
      { a: pages.pageInfo.endCursor },
    );
    await page.click('nav.pager button:last-child');
    await page.locator('nav.pager', { hasText: '第 2 页' }).waitFor();
    // Page 1 stays on screen until page 2 arrives, with as many rows: wait
    // for the rows themselves (and let the assertions below show any diff).
    const target = (n) => [n.targetType, n.targetId].filter(Boolean).join(' ');
    const expected = second.nodes.map(target);
    await page.waitForFunction(
      (want) => JSON.stringify([...document.querySelectorAll('main td[data-label="对象"]')].map((td) => td.innerText))
        === JSON.stringify(want),
      expected,
    ).catch(() => {});
    assert.deepEqual(await column(page, '对象'), expected);
    assert.deepEqual(await column(page, '操作'), second.nodes.map((n) => n.action));
    await close(session);
  });

  test('the district reads the audit log too, the admin\'s token creation included', async () => {
    assert.ok(created, 'the token of the first test');
    const session = await open(browser);
    const { page } = session;
    await login(page, 'district');
    await page.locator('nav.sections a[href="/audit"]').waitFor();
    assert.equal(await page.locator('nav.sections a[href="/tokens"]').count(), 0);
    await page.goto(`${BASE}/audit?action=api_token.create`);
    await tableReady(page);
    const row = await rowWith(page, created.id);
    assert.equal(row['操作'], 'api_token.create');
    assert.match(row['操作者'], /^系统管理员 \d+ [0-9a-f-]{36}$/);
    await close(session);
  });

  for (const path of ['/audit', '/tokens']) {
    test(`a grid worker gets nothing at ${path}`, async () => {
      const session = await open(browser);
      const { page } = session;
      await login(page, 'grid');
      assert.equal(await page.locator(`nav.sections a[href="${path}"]`).count(), 0, 'no link to it');
      await page.goto(`${BASE}${path}`);
      await page.locator('main .table-wrap .error').waitFor();
      assert.equal(await page.locator('main .table-wrap .error').innerText(), '没有权限执行此操作');
      assert.equal(await page.locator('main table').count(), 0);
      assert.equal(await page.locator('main form:not(.filters)').count(), 0, 'no forms to create or revoke');
      await close(session);
    });
  }
});
