// One label's precision-recall curve as an inline SVG (recall across, precision up; a step through
// every threshold's point), with the chosen threshold and the default 0.5 marked. Geometry only:
// the plot classes of styles/validation-screen.css colour it in both themes. Its numbers are in
// the table beside it and in the figure's description.
import type { LabelThreshold } from '../../../common/contract';
import { t } from '../i18n/t';

const W = 300;
const H = 220;
const M = { left: 44, right: 12, top: 12, bottom: 36 };
const x = (r: number) => M.left + r * (W - M.left - M.right);
const y = (p: number) => H - M.bottom - p * (H - M.top - M.bottom);
const r2 = (v: number) => Math.round(v * 100) / 100;
const pct = (v: number) => `${Math.round(v * 100)}%`;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** At most `max` points, evenly over the curve (a curve of 100,000 thresholds draws as 600). */
function thin<T>(xs: readonly T[], max = 600): T[] {
  if (xs.length <= max) return [...xs];
  const step = (xs.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => xs[Math.round(i * step)]!);
}

export function PrCurvePlot({ label, id }: { label: LabelThreshold; id: string }) {
  const pts = thin(label.curve);
  // sklearn's step: from recall 0 at the first point's precision, then each point.
  let d = pts.length ? `M${r2(x(0))},${r2(y(pts[0]!.precision))}` : '';
  for (const p of pts) d += `H${r2(x(p.recall))}V${r2(y(p.precision))}`;
  const title = t('thresholds.curveTitle', { label: label.label });
  const desc = t('thresholds.curveDesc', {
    label: label.label,
    points: String(label.curve.length),
    ap: label.averagePrecision === null ? '–' : label.averagePrecision.toFixed(3),
    threshold: label.chosen ? label.chosen.threshold.toFixed(3) : '–',
    precision: label.chosen ? pct(label.chosen.precision) : '–',
    recall: label.chosen ? pct(label.chosen.recall) : '–',
  });
  return (
    <svg className="plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} data-testid="pr-curve">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <g className="plot-grid">
        {TICKS.map((v) => (
          <line key={`h${v}`} x1={x(0)} x2={x(1)} y1={r2(y(v))} y2={r2(y(v))} />
        ))}
        {TICKS.map((v) => (
          <line key={`v${v}`} y1={y(0)} y2={y(1)} x1={r2(x(v))} x2={r2(x(v))} />
        ))}
      </g>
      <g className="plot-axis">
        <line x1={x(0)} x2={x(1)} y1={y(0)} y2={y(0)} />
        <line x1={x(0)} x2={x(0)} y1={y(0)} y2={y(1)} />
        {TICKS.map((v) => (
          <text key={`xt${v}`} className="plot-tick" x={r2(x(v))} y={y(0) + 14} textAnchor="middle">
            {pct(v)}
          </text>
        ))}
        {TICKS.map((v) => (
          <text key={`yt${v}`} className="plot-tick" x={x(0) - 6} y={r2(y(v)) + 4} textAnchor="end">
            {pct(v)}
          </text>
        ))}
        <text className="plot-axis-label" x={(x(0) + x(1)) / 2} y={H - 4} textAnchor="middle">
          {t('thresholds.recall')}
        </text>
        <text
          className="plot-axis-label"
          x={10}
          y={(y(0) + y(1)) / 2}
          textAnchor="middle"
          transform={`rotate(-90 10 ${(y(0) + y(1)) / 2})`}
        >
          {t('thresholds.precision')}
        </text>
      </g>
      {d && <path className="plot-line" d={d} />}
      <circle
        className="plot-point"
        cx={r2(x(label.atDefault.recall))}
        cy={r2(y(label.atDefault.precision))}
        r={3}
        data-testid="pr-default"
      />
      {label.chosen && (
        <circle
          className="plot-point pr-chosen"
          cx={r2(x(label.chosen.recall))}
          cy={r2(y(label.chosen.precision))}
          r={6}
          fill="none"
          strokeWidth={2}
          stroke="currentColor"
          data-testid="pr-chosen"
        />
      )}
    </svg>
  );
}
