import { formatPercent, plural } from '../src/core/format';
import { comparisonVerdict, type ComparisonView } from '../src/shared/fitOutput';

/** Short headers (the table must fit a notebook column), each explained in its tooltip. */
const COLUMNS: Array<[string, string]> = [
  ['', ''],
  ['Law', ''],
  ['CV error', 'Scale-ordered cross-validation: mean absolute relative error predicting the next larger scales (the law is chosen by this)'],
  ['Held-out', 'Absolute relative error on the rows of the spec’s holdout'],
  ['In-sample', 'Mean absolute percentage error on the fitted rows'],
  ['AIC', 'Akaike information criterion of the ln-loss residuals (secondary)'],
  ['BIC', 'Bayesian information criterion of the ln-loss residuals (secondary)'],
  ['k', 'Free parameters'],
  ['n', 'Rows fitted'],
  ['Fit', 'Time of the fit to every row'],
  ['Warnings', ''],
  ['', ''],
];

/**
 * The ranking of a comparison as an HTML table: every text goes in through textContent (labels can hold
 * a formula from a shared notebook). The recommended row is marked and its reason leads the table.
 * `use` (absent without renderer messaging) puts a "Use this law" button on every fitted row.
 */
export function comparisonTable(doc: Document, view: ComparisonView, use: ((row: number, button: HTMLButtonElement) => void) | undefined): HTMLElement {
  const wrap = doc.createElement('div');
  wrap.className = 'sl-compare';
  // The verdict wraps in the column; only the table scrolls sideways when the column is narrow.
  const verdict = doc.createElement('p');
  verdict.className = 'sl-verdict';
  const chosen = view.recommended ? view.rows[view.recommended.row] : undefined;
  const { lead, label, reason } = comparisonVerdict(chosen?.label, view.recommended?.reason);
  verdict.textContent = label !== undefined ? `★ ${lead}${label} — ${reason}.` : `${lead}.`;
  const scroller = doc.createElement('div');
  scroller.className = 'sl-compare-table';
  const table = doc.createElement('table');
  const head = doc.createElement('tr');
  for (const [name, title] of COLUMNS) head.append(cell(doc, 'th', name, title || undefined));
  const thead = doc.createElement('thead');
  thead.append(head);
  const body = doc.createElement('tbody');
  view.rows.forEach((row, i) => {
    const tr = doc.createElement('tr');
    tr.dataset.law = row.label;
    const recommended = view.recommended?.row === i;
    if (recommended) tr.className = 'sl-recommended';
    const warnings = row.error ? [`could not be fitted: ${row.error}`, ...row.warnings] : row.warnings;
    const warningCell = cell(doc, 'td', warnings.length === 0 ? '' : plural(warnings.length, 'warning'));
    if (warnings.length > 0) warningCell.title = warnings.join('\n');
    tr.append(
      cell(doc, 'td', recommended ? '★' : '', recommended ? 'recommended' : undefined),
      cell(doc, 'td', row.label),
      cell(doc, 'td', Number.isFinite(row.cvAre) ? formatPercent(row.cvAre) : row.error ? '–' : 'not scored', row.cvNote),
      cell(doc, 'td', row.heldOutAre !== undefined ? formatPercent(row.heldOutAre) : '–'),
      cell(doc, 'td', row.error ? '–' : formatPercent(row.inSampleMape)),
      cell(doc, 'td', row.error ? '–' : row.aic.toFixed(1)),
      cell(doc, 'td', row.error ? '–' : row.bic.toFixed(1)),
      cell(doc, 'td', row.error ? '–' : String(row.paramCount)),
      cell(doc, 'td', row.error ? '–' : String(row.n)),
      cell(doc, 'td', row.error ? '–' : `${Math.round(row.fitMs)} ms`),
      warningCell,
    );
    const action = doc.createElement('td');
    if (use && row.fit !== undefined) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = 'Use this law';
      button.title = `Refit ${row.label} on the file as it is now and make it the file's current fit (hovers, inlay hints, calculator)`;
      button.dataset.useLaw = String(i);
      button.addEventListener('click', () => use(i, button));
      action.append(button);
    }
    tr.append(action);
    body.append(tr);
  });
  table.append(thead, body);
  scroller.append(table);
  const note = doc.createElement('p');
  note.className = 'sl-compare-note';
  note.textContent = view.cv;
  wrap.append(verdict, scroller, note);
  return wrap;
}

function cell(doc: Document, tag: 'td' | 'th', text: string, title?: string): HTMLElement {
  const element = doc.createElement(tag);
  element.textContent = text;
  if (title) element.title = title;
  return element;
}
