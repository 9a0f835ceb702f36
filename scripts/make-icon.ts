// `node --import tsx scripts/make-icon.ts`: draws the Marketplace icon, media/icon.png (128×128), from the
// activity-bar glyph media/scaling-laws.svg — the glyph in white on a rounded square of the gallery
// banner's colour, rendered by the Chromium the e2e tests drive (no image tool needed). The PNG is
// committed because `vsce package` needs it; rerun this after changing the glyph or the colour.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/e2e/browser';
import { REPO_ROOT } from '../test/e2e/session';

const SIZE = 128;
const GLYPH = join(REPO_ROOT, 'media', 'scaling-laws.svg');
const ICON = join(REPO_ROOT, 'media', 'icon.png');

function iconPage(glyph: string, background: string): string {
  return `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:${SIZE}px;height:${SIZE}px;border-radius:${SIZE / 5}px;background:${background};color:#fff;display:flex;align-items:center;justify-content:center">
${glyph.replace(/width="\d+" height="\d+"/, `width="${SIZE * 0.75}" height="${SIZE * 0.75}"`)}
</div></body></html>`;
}

async function main(): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { galleryBanner?: { color?: string } };
  const background = manifest.galleryBanner?.color;
  if (!background) throw new Error('package.json has no galleryBanner.color for the icon background');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(iconPage(readFileSync(GLYPH, 'utf8'), background));
    const png = await page.locator('#icon').screenshot({ omitBackground: true });
    writeFileSync(ICON, png);
    console.log(`wrote ${ICON} (${png.byteLength} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
