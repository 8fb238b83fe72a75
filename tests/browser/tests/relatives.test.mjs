// Relatives not registered here: a child whose registration moved to the
// city, recorded on an elderly person from a phone, is read by the
// discovery rules in the same write, so the suggestion is on the page at once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BASE, PHONE, close, graphql, launch, login, open, overflowsSideways, sessionUser } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

/** `date` moved back by whole years and months, as `YYYY-MM-DD`. */
function ago({ years = 0, months = 0 }) {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years, d.getMonth() - months);
  return d.toISOString().slice(0, 10);
}

describe('relatives', () => {
  test('a grid worker adds an unregistered child away seven months and the elderly suggestion appears', async () => {
    const session = await open(browser, { viewport: PHONE });
    const { page } = session;
    await login(page, 'grid');
    // An elder of 72 living alone, with no child registered anywhere, next
    // door to a household of the grid (located, so the grid's map still
    // shows every household: roles.test.mjs counts them).
    const { region } = await sessionUser(page);
    const { households } = await graphql(page, '{ households(first: 1) { nodes { lat lng } } }');
    const [{ lat, lng }] = households.nodes;
    const { createHousehold: home } = await graphql(page,
      'mutation($i: HouseholdInput!) { createHousehold(input: $i) { id } }',
      { i: { regionId: region.id, address: '渡口村99排1号', lat: lat + 0.0005, lng: lng + 0.0005 } });
    const { addPerson: elder } = await graphql(page,
      'mutation($h: ID!, $i: PersonInput!) { addPerson(householdId: $h, input: $i) { id } }',
      { h: home.id, i: { name: '赵守田', sex: 'MALE', birthDate: ago({ years: 72 }), relationToHead: 'HEAD', residenceStatus: 'AT_HOME', livingAlone: true } });
    await page.goto(`${BASE}/people/${elder.id}`);
    const section = page.locator('section.relatives');
    await section.locator('.status.empty').waitFor();

    await section.locator('button.add-relative').click();
    const form = section.locator('form.relative-form');
    const since = ago({ months: 7 });
    await form.locator('input[name=awaySince]').fill(since);
    await form.locator('select[name=outsideCounty]').selectOption('true');
    await form.locator('textarea[name=note]').fill('户口已迁至天津市区');
    assert.equal(await overflowsSideways(page), false, 'the form fits the phone');
    await form.locator('button[type=submit]').click();

    const saved = section.locator('article.relative[data-relation=CHILD]');
    await saved.waitFor();
    const shown = await saved.innerText();
    assert.ok(shown.includes(since) && shown.includes('子女') && shown.includes('户口已迁至天津市区'), shown);
    const suggestion = page.locator('section.classifications', { hasText: '未在本地登记的子女' });
    await suggestion.waitFor();
    assert.ok((await suggestion.innerText()).includes('留守老年人'), await suggestion.innerText());
    await close(session);
  });
});
