import { ChartSpec } from './charts';
import { Table } from './report-tables';

/** A Markdown summary fit for a pull-request comment: headline tables, and which charts the HTML holds. */
export function renderMarkdown(title: string, subtitle: string, tables: Table[], charts: ChartSpec[]): string {
  const out: string[] = [`## ${title}`, '', subtitle, ''];
  for (const t of tables) {
    out.push(`**${cell(t.caption)}**`, '');
    out.push(`| ${t.columns.map(cell).join(' | ')} |`);
    out.push(`|${t.columns.map(() => '---').join('|')}|`);
    for (const r of t.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('');
  }
  const drawn = charts.filter((c) => !c.skipped);
  const skipped = charts.filter((c) => c.skipped);
  if (drawn.length) out.push(`Charts in report.html: ${drawn.map((c) => c.title).join('; ')}.`, '');
  if (skipped.length) {
    out.push('Not drawn:', '');
    for (const c of skipped) out.push(`- ${c.title}: ${c.skipped}`);
    out.push('');
  }
  return out.join('\n');
}

/** A table cell: pipes escaped, line breaks flattened. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
