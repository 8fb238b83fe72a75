// Household and person pages: masked values as the server sends them,
// edits with field errors and the optimistic-locking conflict, deep links,
// the phone layout, logout.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BASE, PHONE, close, column, graphql, launch, login, open, overflowsSideways, tableReady } from '../lib.mjs';

// Only the province prefix shows: the rest would give the number away to
// anyone who also reads the birth date and sex.
const MASKED_ID = /^\d{3}\*{15}$/;
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/;

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** A person of the caller's jurisdiction with an ID number and a phone. */
async function personWithPhone(page) {
  const { people } = await graphql(page, '{ people(first: 100) { nodes { id idNumber phone } } }');
  const person = people.nodes.find((p) => p.idNumber && p.phone);
  assert.ok(person, 'a person with an ID number and a phone');
  return person;
}

/** The value of one fact on a record page. */
function fact(page, label) {
  return page.locator('.fact').filter({ has: page.locator(`dt:text-is("${label}")`) }).locator('dd');
}

describe('records', () => {
  test('a household page lists its members with ID numbers masked, and so does the person page', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'village');
    await tableReady(page);
    await page.locator('main table a').first().click();
    await page.waitForURL(/\/households\//);
    await tableReady(page, '.members');
    const ids = (await column(page, '身份证号', '.members')).filter((v) => v !== '—');
    assert.ok(ids.length > 0 && ids.every((v) => MASKED_ID.test(v)), `${ids}`);
    await page.locator('.members table a').first().click();
    await page.waitForURL(/\/people\//);
    const id = fact(page, '身份证号');
    assert.match(await id.locator('.mono').innerText(), MASKED_ID);
    assert.equal(await id.locator('.badge').innerText(), '已脱敏');
    // Relatives and the household are links.
    assert.match(await fact(page, '所在住户').locator('a').getAttribute('href'), /^\/households\//);
    await close(session);
  });

  test('phone numbers are masked for the district and in clear for the village', async () => {
    const village = await open(browser);
    await login(village.page, 'village');
    const person = await personWithPhone(village.page);
    await village.page.goto(`${BASE}/people/${person.id}`);
    assert.equal(await fact(village.page, '联系电话').innerText(), person.phone);
    assert.match(person.phone, /^\d{11}$/);
    await close(village);

    const district = await open(browser);
    await login(district.page, 'district');
    await district.page.goto(`${BASE}/people/${person.id}`);
    const phone = fact(district.page, '联系电话');
    assert.match(await phone.locator('.mono').innerText(), MASKED_PHONE);
    assert.equal(await phone.locator('.badge').innerText(), '已脱敏');
    // The district reads the registry but does not edit it.
    assert.equal(await district.page.getByRole('button', { name: '编辑人员信息' }).count(), 0);
    await close(district);
  });

  test('a town reveals a full ID number for a stated reason, and the reveal is audited', async () => {
    const town = await open(browser);
    const { page } = town;
    await login(page, 'town');
    const { people } = await graphql(page, '{ people(first: 50) { nodes { id idNumber birthDate } } }');
    const person = people.nodes.find((p) => p.idNumber && p.birthDate);
    assert.ok(person, 'a person with an ID number');
    await page.goto(`${BASE}/people/${person.id}`);
    const id = fact(page, '身份证号');
    assert.equal(await id.locator('.mono').innerText(), person.idNumber);
    assert.match(person.idNumber, MASKED_ID);
    await page.getByRole('button', { name: '查看完整身份证号' }).click();
    // The server wants at least four characters of reason, and says so beside the field.
    await page.fill('.reveal-form input[name=reason]', '核实');
    await page.click('.reveal-form button[type=submit]');
    assert.match(await page.locator('.reveal-form [data-field=reason] .field-error').innerText(), /至少4个字/);
    const reason = '入户核实身份信息';
    await page.fill('.reveal-form input[name=reason]', reason);
    await page.click('.reveal-form button[type=submit]');
    const full = await page.locator('.revealed .mono').innerText();
    assert.match(full, /^\d{17}[\dX]$/);
    // The same number as the masked one where the mask shows digits, and
    // this person's: it encodes the birth date the page shows.
    assert.equal(full.slice(0, 3), person.idNumber.slice(0, 3));
    assert.equal(full.slice(6, 14), person.birthDate.replaceAll('-', ''));
    await close(town);

    const district = await open(browser);
    await login(district.page, 'district');
    const { auditLog } = await graphql(
      district.page,
      'query($p: ID!) { auditLog(filter: {action: "person.reveal_id_number", personId: $p}, first: 10) { nodes { actorRole reason outcome } } }',
      { p: person.id },
    );
    assert.deepEqual(
      auditLog.nodes.filter((e) => e.outcome === 'OK').map((e) => [e.actorRole, e.reason]),
      [['TOWN', reason]],
    );
    await close(district);
  });

  test('an edit shows field errors beside the fields, and a conflict offers a reload', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'grid');
    await tableReady(page);
    await page.locator('main table a').first().click();
    await page.getByRole('button', { name: '编辑住户' }).click();
    await page.fill('input[name=address]', '');
    await page.click('.record-form button[type=submit]');
    await page.locator('[data-field=address] .field-error').waitFor();

    // Someone else saves the household first.
    const id = page.url().split('/').pop();
    const { household: h } = await graphql(page, 'query($id: ID!) { household(id: $id) { version address lat lng region { id } } }', { id });
    await graphql(page, 'mutation($id: ID!, $v: Int!, $i: HouseholdInput!) { updateHousehold(id: $id, version: $v, input: $i) { version } }', {
      id, v: h.version, i: { regionId: h.region.id, address: `${h.address}（他人修改）`, lat: h.lat, lng: h.lng },
    });
    await page.fill('input[name=address]', `${h.address}（我的修改）`);
    await page.click('.record-form button[type=submit]');
    await page.locator('.conflict').waitFor();
    await page.locator('.conflict button').click();
    await page.waitForFunction(() => document.querySelector('input[name=address]')?.value.endsWith('（他人修改）'));
    await page.fill('input[name=address]', h.address);
    await page.click('.record-form button[type=submit]');
    await page.locator('.saved').waitFor();
    assert.equal(await fact(page, '地址').innerText(), h.address);
    assert.equal(await fact(page, '版本').innerText(), String(h.version + 2));
    await close(session);
  });

  test('a deep link survives a reload, and leads to the login without a session', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'grid');
    const { households } = await graphql(page, '{ households(first: 1) { nodes { id address } } }');
    const [household] = households.nodes;
    await page.goto(`${BASE}/households/${household.id}`);
    await page.reload();
    assert.equal(await fact(page, '地址').innerText(), household.address);
    // A mistyped link, a record out of reach, a path that does not exist.
    await page.goto(`${BASE}/households/not-an-id`);
    await page.getByText('记录不存在或不在辖区内').waitFor();
    await page.goto(`${BASE}/nowhere`);
    await page.getByText('页面不存在').waitFor();
    await close(session);

    const stranger = await open(browser);
    await stranger.page.goto(`${BASE}/households/${household.id}`);
    await stranger.page.waitForURL(`${BASE}/login`);
    await close(stranger);
  });

  test('logout clears the token', async () => {
    const session = await open(browser);
    const { page } = session;
    await login(page, 'town');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${BASE}/login`);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('liushou.session')), null);
    await page.goto(`${BASE}/`);
    await page.waitForURL(`${BASE}/login`);
    await close(session);
  });

  test('on a 360-pixel phone, the login, the list and a household page fit the screen', async () => {
    const session = await open(browser, { viewport: PHONE });
    const { page } = session;
    await page.goto(`${BASE}/login`);
    assert.equal(await overflowsSideways(page), false, 'login');
    await login(page, 'grid');
    await tableReady(page);
    assert.equal(await overflowsSideways(page), false, 'list');
    await page.locator('main table a').first().click();
    await tableReady(page, '.members');
    assert.equal(await overflowsSideways(page), false, 'household');
    await page.getByRole('button', { name: '编辑住户' }).click();
    assert.equal(await overflowsSideways(page), false, 'household form');
    const save = await page.locator('.record-form button[type=submit]').boundingBox();
    assert.ok(save && save.x >= 0 && save.x + save.width <= PHONE.width, 'the save button is on screen');
    await close(session);
  });
});
