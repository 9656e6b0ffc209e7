// The confusion heatmap's steps heat-0..heat-10 as the browser paints them in the current theme
// (computed styles of probe cells inside a .confusion element), with the text contrast of each step
// and the CIE76 colour difference between neighbouring steps, computed here from the sRGB values.
import type { Page } from '@playwright/test';

type Rgb = [number, number, number];

/** rgb(r, g, b) or color(srgb r g b) as components in 0..1. */
function parse(css: string): Rgb {
  const srgb = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(css);
  if (srgb) return [Number(srgb[1]), Number(srgb[2]), Number(srgb[3])];
  const rgb = /^rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(css);
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  throw new Error(`unexpected colour ${css}`);
}
const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = ([r, g, b]: Rgb) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
function lab(c: Rgb): Rgb {
  const [r, g, b] = c.map(lin) as Rgb;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const deltaE = (a: Rgb, b: Rgb) => {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};

export async function heatSteps(page: Page): Promise<{ contrast: number[]; neighbourDelta: number[] }> {
  const colours = await page.evaluate(() => {
    const box = document.createElement('table');
    box.className = 'confusion';
    const row = box.insertRow();
    const cells = Array.from({ length: 11 }, (_, i) => {
      const td = row.insertCell();
      td.className = `num heat-${i}`;
      td.textContent = '10';
      return td;
    });
    document.body.append(box);
    const out = cells.map((td) => ({ bg: getComputedStyle(td).backgroundColor, fg: getComputedStyle(td).color }));
    box.remove();
    return out;
  });
  const bg = colours.map((c) => parse(c.bg));
  return {
    contrast: colours.map((c, i) => contrast(bg[i]!, parse(c.fg))),
    neighbourDelta: bg.slice(1).map((c, i) => deltaE(bg[i]!, c)),
  };
}

/** What is wrong with the steps of a theme: a step whose text contrast is under 4.5:1, or two
 * neighbouring steps less than `minDelta` apart (CIE76); empty when nothing is. */
export function heatProblems(theme: string, steps: Awaited<ReturnType<typeof heatSteps>>, minDelta: number): string[] {
  return [
    ...steps.contrast.flatMap((c, i) => (c < 4.5 ? [`${theme}: heat-${i} text contrast ${c.toFixed(2)}`] : [])),
    ...steps.neighbourDelta.flatMap((d, i) => (d < minDelta ? [`${theme}: heat-${i} to heat-${i + 1} dE ${d.toFixed(1)}`] : [])),
  ];
}
