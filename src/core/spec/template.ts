import { markdownText } from '../escape';
import { MAX_SAVED_POINTS } from '../limits';
import { formatSpec } from './format';
import type { NotebookFile } from './notebookFile';
import type { NotebookSpec } from './spec';

/** Optional keys, commented out under a new spec so a user sees what can be asked for. */
const OPTIONAL_KEYS_HINT = [
  '# where: N >= 1e8                    # rows to use (roles or column names)',
  "# holdout: C > 1e21                  # rows held out and predicted",
  '# objective: huber-log               # huber-log, mse-log, mse, huber, asymmetric, mse-log1p',
  '# bootstrap: 200                     # resamples for 95 % intervals',
  '# seed: 1',
  '# skip: 0.1                          # learning curves: leave the first 10 % of steps out of the fit',
  '# until: 100000                      # learning curves: forecast at this step (default max_steps, else the last row)',
  '# smooth: 50                         # learning curves: EMA window in rows (default 1 % of the rows)',
  '# plot: [fit, residuals, parity]     # also isoflop, frontier, loss-curve',
  '# map: {N: params, loss: eval_loss}  # column for a role, when detection guesses wrong',
].join('\n');

const INTRO = [
  '# Scaling-law fits',
  '',
  'Each code cell is a YAML spec: `data` is a run log (a path relative to this notebook), `law` one or more',
  'law ids (`chinchilla`, `kaplan-nd`, `power`, …) or a formula such as `E + A/N^alpha + B/D^beta`.',
  'Run a cell to fit; the output is an interactive plot and a parameter table. Running a cell re-reads the',
  'file. **Saving stores each cell\'s last output with it**, so the notebook reopens with its charts: the',
  `fitted parameters and the plotted points of your data (values and line numbers; at most ${MAX_SAVED_POINTS.toLocaleString('en-US')} per chart,`,
  'a larger chart is thinned and says so). Clear the outputs before sharing a notebook whose data must stay private.',
].join('\n');

/** A notebook with one spec cell (what "Fit scaling law" opens, already run). `title` is plain text (it names a file). */
export function specNotebook(spec: NotebookSpec, title: string): NotebookFile {
  return {
    cells: [
      { kind: 'markdown', source: `# ${markdownText(title)}` },
      { kind: 'spec', source: formatSpec(spec) },
    ],
  };
}

/** "New scaling notebook": an introduction and a spec cell for `data` (a placeholder path when none). */
export function templateNotebook(data: string | undefined, law: string): NotebookFile {
  return {
    cells: [
      { kind: 'markdown', source: INTRO },
      { kind: 'spec', source: `${formatSpec({ data: data ?? 'runs.csv', laws: [law] })}\n${OPTIONAL_KEYS_HINT}` },
    ],
  };
}
