// The README's screenshots: a village's view on a desk, and a grid
// worker's on a phone. `cargo xtask screenshots` runs this against a demo.

import { join } from 'node:path';

import { DESK, PHONE, launch, login, open, tableReady } from './lib.mjs';

const dir = process.env.LIUSHOU_SCREENSHOT_DIR ?? '.';
const browser = await launch();
try {
  for (const [name, viewport, username] of [['desk', DESK, 'village'], ['phone', PHONE, 'grid']]) {
    const session = await open(browser, { viewport });
    await login(session.page, username);
    await tableReady(session.page);
    await session.page.locator('.map .pt').first().waitFor();
    await session.page.screenshot({ path: join(dir, `screenshot-${name}.png`) });
    await session.context.close();
    console.log(`wrote ${join(dir, `screenshot-${name}.png`)}`);
  }
} finally {
  await browser.close();
}
