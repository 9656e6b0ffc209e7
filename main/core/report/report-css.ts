// The methods report's own stylesheet, inlined into the file (it makes no request): a plain light
// page that prints to PDF on A4 (a print stylesheet: no page-break inside a table or a plot, links
// as text), the plots' classes (common/plots.ts) and the heatmap's cells heat-0..heat-10.
// From white towards the accent blue, 5% a tenth and at most half, so the text keeps a contrast of
// at least 7:1 on every cell (as on the screen; checked by axe in e2e/validation.spec.ts).
const heat = Array.from({ length: 11 }, (_, i) => `.heat-${i}{background:color-mix(in srgb,#2f5bd3 ${i * 5}%,#ffffff)}`).join('\n');

export const REPORT_CSS = `
:root{color-scheme:light}
body{font-family:'Noto Sans',system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1c2230;background:#fff;max-width:960px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde1e7;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0}.muted{color:#556072}.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px;word-break:break-all}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}th,td{border:1px solid #dde1e7;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.text,th.text{text-align:left}caption{text-align:left;font-weight:600;padding:4px 0}
.warnings{border-left:4px solid #8a5a00;background:#fdf4e0;padding:8px 12px;margin:12px 0}.warnings li{margin:4px 0}
.plots{display:flex;flex-wrap:wrap;gap:16px}.plots figure{margin:0;flex:1 1 400px}figcaption{font-size:12px;color:#556072}
.plot{width:100%;max-width:480px;height:auto;font-size:11px}
.plot-grid line{stroke:#eef1f6}.plot-axis line{stroke:#556072}.plot-tick,.plot-axis-label,.plot-note{fill:#1c2230}
.plot-tick-x{text-anchor:middle}.plot-tick-y{text-anchor:end}.plot-note{font-size:11px}
.plot-bar{fill:#2f5bd3;fill-opacity:.35}.plot-bar-alt{fill:#b42335;fill-opacity:.55}.plot-line{fill:none;stroke:#2f5bd3;stroke-width:2}
.plot-point{fill:#2f5bd3}.plot-diagonal{stroke:#556072;stroke-dasharray:4 4}
.confusion td{min-width:64px}.confusion .share{display:block;font-size:11px}
.run-hypotheses{margin:4px 0;font-family:'Noto Sans',system-ui,sans-serif;font-size:12px;word-break:normal}.run-hypotheses caption{font-weight:400}
.methods{background:#f5f6f8;padding:12px 16px;border-radius:8px}
${heat}
@media print{body{padding:0;max-width:none;font-size:11pt}h2{break-after:avoid}table,figure,.warnings,.methods{break-inside:avoid}a{color:inherit;text-decoration:none}
@page{size:A4;margin:18mm 16mm}}
`;
