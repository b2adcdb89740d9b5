import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChartSpec } from './charts';
import { Table } from './report-tables';

/**
 * A self-contained HTML report: the Chart.js library is inlined from the installed package (no
 * network fetch, viewable offline and from file://), the charts' configurations are embedded as
 * JSON data and drawn by a few lines of script. The same inputs give the same bytes.
 */
export interface HtmlReport {
  title: string;
  subtitle: string;
  tables: Table[];
  charts: ChartSpec[];
}

let chartLibrary: string | undefined;

/** Chart.js's UMD build, read once from node_modules; its source-map comment is dropped. */
export function chartLibrarySource(): string {
  if (chartLibrary === undefined) {
    const main = require.resolve('chart.js');
    const dist = path.dirname(main);
    const file = ['chart.umd.min.js', 'chart.umd.js'].map((f) => path.join(dist, f)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`Chart.js UMD build not found next to ${main}`);
    chartLibrary = fs.readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n').replace(/<\/script/gi, '<\\/script');
  }
  return chartLibrary;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d2330;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.15em;margin:0 0 8px}.sub{color:#5a6372;margin:0 0 20px}
table{border-collapse:collapse;margin:0 0 20px;font-size:.92em}th,td{border:1px solid #d8dde6;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f2f4f8}
caption{text-align:left;font-weight:600;padding:4px 0}
section.chart{border:1px solid #e3e7ee;border-radius:6px;padding:14px 16px;margin:0 0 18px}
.canvas-box{position:relative;height:320px}.note{color:#5a6372;font-size:.88em;margin:8px 0 0}
section.skipped{background:#fafbfc}section.skipped .note{margin:0}
`;

const RENDER = `(function(){
  var specs = JSON.parse(document.getElementById('kubesim-charts').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var drawn = 0;
  for (var i = 0; i < specs.length; i++) {
    var canvas = document.getElementById(specs[i].id);
    if (!canvas) continue;
    var legend = specs[i].config.options && specs[i].config.options.plugins && specs[i].config.options.plugins.legend;
    if (legend && legend.hideBands) legend.labels = { filter: function (item) { return !/ 95% (low|high)$/.test(item.text); } };
    new Chart(canvas, specs[i].config);
    drawn++;
  }
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();`;

export function renderHtml(r: HtmlReport): string {
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n');
  parts.push('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'unsafe-inline\'; style-src \'unsafe-inline\'; img-src data:">\n');
  parts.push(`<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(r.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`);
  parts.push(`<h1>${escapeHtml(r.title)}</h1>\n<p class="sub">${escapeHtml(r.subtitle)}</p>\n`);
  for (const t of r.tables) parts.push(tableHtml(t));
  const drawn: { id: string; config: Record<string, unknown> }[] = [];
  for (const c of r.charts) {
    if (c.config && !c.skipped) {
      drawn.push({ id: c.id, config: c.config });
      parts.push(`<section class="chart" id="section-${c.id}">\n<h2>${escapeHtml(c.title)}</h2>\n<div class="canvas-box"><canvas id="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>\n`);
      if (c.note) parts.push(`<p class="note">${escapeHtml(c.note)}</p>\n`);
      parts.push('</section>\n');
    } else {
      parts.push(`<section class="chart skipped" id="section-${c.id}">\n<h2>${escapeHtml(c.title)}</h2>\n<p class="note">Not drawn: ${escapeHtml(c.skipped ?? 'no data')}</p>\n</section>\n`);
    }
  }
  parts.push(`<script type="application/json" id="kubesim-charts">${scriptJson(drawn)}</script>\n`);
  parts.push(`<script>\n${chartLibrarySource()}</script>\n<script>\n${RENDER}\n</script>\n</body>\n</html>\n`);
  return parts.join('');
}

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n`;
}
