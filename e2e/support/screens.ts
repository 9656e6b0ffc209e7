// Screenshots of each screen for docs/screens/, taken while the e2e suite walks through the app.
import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const screensDir = resolve(__dirname, '../../docs/screens');

/** `height` makes the window taller for the picture, for screens whose content runs below the fold;
 * `scrollTo` scrolls an element to the top of its scrolling area first. */
export async function shoot(page: Page, name: string, options: { height?: number; scrollTo?: Locator } = {}): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  const before = page.viewportSize();
  if (options.height && before) await page.setViewportSize({ width: before.width, height: options.height });
  if (options.scrollTo) await options.scrollTo.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  // Let fonts settle so the picture is what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(screensDir, `${name}.png`), animations: 'disabled', caret: 'hide' });
  if (options.height && before) await page.setViewportSize(before);
}
