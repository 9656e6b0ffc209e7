// The evaluation's plots (reliability diagram, score histograms) as SVG element trees, computed once
// here and drawn twice: by React on the validation screen (renderer/src/components/plot-svg.tsx)
// and as SVG text in the methods report (main/core/report), so both show the same plot.
//
// [Note: chart library] Scales, ticks and paths come from d3 (d3-scale, d3-shape: the maintained
// modules Observable publishes, on which visx and Observable Plot are built). Weighed against:
// uPlot and Chart.js draw on a canvas, which the report (written by the core in plain Node, no DOM)
// cannot produce without a native canvas module, and which prints as pixels and holds no text for a
// screen reader; Recharts and visx are React components, and the core does not run React; Observable
// Plot builds its SVG through a DOM (jsdom or linkedom in the core) and adds a <style> element that
// the renderer's CSP (style-src 'self', no 'unsafe-inline') refuses. d3's scales and path generators
// are pure functions, so one specification serves the screen and a self-contained, printable report.
// The trees carry only geometry and class names: colours, fonts and strokes come from the stylesheet
// (renderer/src/styles/validation-screen.css; the report's own CSS), so both themes and print read well
// and no inline style meets the CSP. Each plot is an img with a title and a description; the screen
// and the report also show the numbers as a table.
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface SvgNode {
  tag: 'svg' | 'g' | 'rect' | 'line' | 'path' | 'text' | 'title' | 'desc' | 'circle';
  attrs: Record<string, string | number>;
  children?: SvgNode[];
  text?: string;
}

export interface ReliabilityInput {
  bins: ReadonlyArray<{ lower: number; upper: number; count: number; meanConfidence: number | null; accuracy: number | null }>;
  ece: number;
  n: number;
}

export interface HistogramSeries {
  name: string;
  /** A class of the stylesheet: plot-bar, plot-bar-alt. */
  className: string;
  bins: ReadonlyArray<{ lower: number; upper: number; count: number }>;
}

const W = 420;
const H = 300;
const M = { top: 16, right: 16, bottom: 44, left: 52 };

const el = (tag: SvgNode['tag'], attrs: SvgNode['attrs'], children?: SvgNode[], text?: string): SvgNode => ({ tag, attrs, children, text });
const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (x: number) => `${Math.round(x * 100)}%`;

function frame(id: string, title: string, desc: string, body: SvgNode[]): SvgNode {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${W} ${H}`,
      class: 'plot',
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
    },
    [el('title', { id: `${id}-title` }, undefined, title), el('desc', { id: `${id}-desc` }, undefined, desc), ...body],
  );
}

function axes(
  x: (v: number) => number,
  y: (v: number) => number,
  xTicks: number[],
  yTicks: number[],
  fmtY: (v: number) => string,
  xLabel: string,
  yLabel: string,
): SvgNode[] {
  const x0 = M.left;
  const x1 = W - M.right;
  const y0 = H - M.bottom;
  const y1 = M.top;
  return [
    el(
      'g',
      { class: 'plot-grid' },
      yTicks.map((t) => el('line', { x1: x0, x2: x1, y1: r2(y(t)), y2: r2(y(t)) })),
    ),
    el('g', { class: 'plot-axis' }, [
      el('line', { x1: x0, x2: x1, y1: y0, y2: y0 }),
      el('line', { x1: x0, x2: x0, y1: y0, y2: y1 }),
      ...xTicks.map((t) => el('text', { x: r2(x(t)), y: y0 + 16, class: 'plot-tick plot-tick-x' }, undefined, pct(t))),
      ...yTicks.map((t) => el('text', { x: x0 - 6, y: r2(y(t)) + 4, class: 'plot-tick plot-tick-y' }, undefined, fmtY(t))),
      el('text', { x: (x0 + x1) / 2, y: H - 8, class: 'plot-axis-label plot-tick-x' }, undefined, xLabel),
      el(
        'text',
        { x: 14, y: (y0 + y1) / 2, class: 'plot-axis-label plot-tick-x', transform: `rotate(-90 14 ${(y0 + y1) / 2})` },
        undefined,
        yLabel,
      ),
    ]),
  ];
}

/** The reliability diagram: each bin's accuracy against its mean confidence, bars over the diagonal of perfect calibration. */
export function reliabilityPlot(id: string, r: ReliabilityInput, labels: { title: string; x: string; y: string }): SvgNode {
  const x = scaleLinear()
    .domain([0, 1])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, 1])
    .range([H - M.bottom, M.top]);
  const ticks = x.ticks(5);
  const filled = r.bins.filter((b) => b.count > 0 && b.accuracy !== null && b.meanConfidence !== null);
  const path = line<(typeof filled)[number]>()
    .x((b) => r2(x(b.meanConfidence!)))
    .y((b) => r2(y(b.accuracy!)))(filled);
  const bars = filled.map((b) =>
    el('rect', {
      class: 'plot-bar',
      x: r2(x(b.lower) + 1),
      width: r2(Math.max(0, x(b.upper) - x(b.lower) - 2)),
      y: r2(y(b.accuracy!)),
      height: r2(y(0) - y(b.accuracy!)),
    }),
  );
  const desc = `Expected calibration error ${(r.ece * 100).toFixed(1)} points over ${r.n} decisions. ${filled
    .map((b) => `${pct(b.lower)}-${pct(b.upper)}: ${b.count} with mean confidence ${pct(b.meanConfidence!)}, right ${pct(b.accuracy!)}`)
    .join('; ')}.`;
  return frame(id, labels.title, desc, [
    ...axes(x, y, ticks, y.ticks(5), pct, labels.x, labels.y),
    el('g', {}, bars),
    el('line', { class: 'plot-diagonal', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }),
    ...(path ? [el('path', { class: 'plot-line', d: path })] : []),
    el(
      'g',
      {},
      filled.map((b) => el('circle', { class: 'plot-point', cx: r2(x(b.meanConfidence!)), cy: r2(y(b.accuracy!)), r: 3 })),
    ),
    el('text', { class: 'plot-note', x: M.left + 8, y: M.top + 14 }, undefined, `ECE ${(r.ece * 100).toFixed(1)} points`),
  ]);
}

/** Histograms of scores, one series beside another in each bin (e.g. right and wrong decisions). */
export function histogramPlot(id: string, series: readonly HistogramSeries[], labels: { title: string; x: string; y: string }): SvgNode {
  const first = series[0]?.bins ?? [];
  const lo = first[0]?.lower ?? 0;
  const hi = first[first.length - 1]?.upper ?? 1;
  const max = Math.max(1, ...series.flatMap((s) => s.bins.map((b) => b.count)));
  const x = scaleLinear()
    .domain([lo, hi])
    .range([M.left, W - M.right]);
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([H - M.bottom, M.top]);
  const k = Math.max(1, series.length);
  const bars = series.flatMap((s, si) =>
    s.bins
      .filter((b) => b.count > 0)
      .map((b) => {
        const w = (x(b.upper) - x(b.lower) - 2) / k;
        return el('rect', {
          class: s.className,
          x: r2(x(b.lower) + 1 + si * w),
          width: r2(Math.max(0.5, w)),
          y: r2(y(b.count)),
          height: r2(y(0) - y(b.count)),
        });
      }),
  );
  const yTicks = y.ticks(5).filter((t) => Number.isInteger(t));
  const desc = series
    .map(
      (s) =>
        `${s.name}: ${s.bins.reduce((a, b) => a + b.count, 0)} in all${s.bins
          .filter((b) => b.count > 0)
          .map((b, i) => `${i ? ', ' : '; '}${pct(b.lower)}-${pct(b.upper)} ${b.count}`)
          .join('')}`,
    )
    .join('. ');
  const legend = series.map((s, si) =>
    el('g', { class: 'plot-legend' }, [
      el('rect', { class: s.className, x: W - M.right - 120, y: M.top + si * 16, width: 10, height: 10 }),
      el('text', { class: 'plot-note', x: W - M.right - 104, y: M.top + si * 16 + 9 }, undefined, s.name),
    ]),
  );
  return frame(id, labels.title, `${desc}.`, [
    ...axes(x, y, x.ticks(5), yTicks, (v) => String(v), labels.x, labels.y),
    el('g', {}, bars),
    ...(k > 1 ? legend : []),
  ]);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** SVG text of a tree (the report inlines it). */
export function svgText(node: SvgNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const inner = (node.text !== undefined ? escapeXml(node.text) : '') + (node.children ?? []).map(svgText).join('');
  return `<${node.tag}${attrs}>${inner}</${node.tag}>`;
}

/** The heatmap class of a row share: heat-0 (none) to heat-10 (all), coloured by the stylesheet. */
export function heatClass(share: number): string {
  return `heat-${Math.max(0, Math.min(10, Math.round(share * 10)))}`;
}
