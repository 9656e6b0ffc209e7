// Draws a plot of common/plots.ts (an SVG element tree built with d3's scales and path generators;
// why d3: [Note: chart library] there) as React elements. The tree holds geometry and class names
// only; colours come from styles/validation-screen.css in both themes, so nothing meets the strict CSP.
import { createElement, type ReactNode } from 'react';
import type { SvgNode } from '../../../common/plots';

/** SVG attribute names as React spells them. */
const REACT_NAMES: Record<string, string> = { class: 'className', 'stroke-width': 'strokeWidth', 'text-anchor': 'textAnchor' };

function draw(node: SvgNode, key: number): ReactNode {
  const props: Record<string, string | number> = { key };
  for (const [name, value] of Object.entries(node.attrs)) props[REACT_NAMES[name] ?? name] = value;
  return createElement(node.tag, props, node.text, ...(node.children ?? []).map((child, i) => draw(child, i)));
}

export function PlotSvg({ plot, testId }: { plot: SvgNode; testId?: string }) {
  return (
    <div className="plot-frame" data-testid={testId}>
      {draw(plot, 0)}
    </div>
  );
}
