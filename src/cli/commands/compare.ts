/** `scaling-laws compare FILE [--laws ID,ID,…] [--holdout EXPR] [--where EXPR] [--objective K] [--map …] [--json]`. */
import { splitTopLevel } from '../../core/expr/splitTopLevel';
import { compareLaws, describeCv, describeRecommendation, rowLabel } from '../../core/fit';
import { DEFAULT_LAWS, possibleLawIds } from '../../core/fit/defaultLaws';
import { checkSharedOptions } from '../../core/fit/lawRequest';
import { formatNumber, formatPercent } from '../../core/format';
import { EXIT, formatTable, parseCommandArgs, parseMapFlags, printJson, readMappedRunLogFile, writeErr, writeOut } from '../io';
import { requestFlags } from './fitShared';

const USAGE = `usage: scaling-laws compare FILE [--laws ID,ID,...] [--holdout EXPR] [--where EXPR]
         [--objective K] [--delta X] [--map ROLE=COLUMN|ROLE=none]... [--x ROLE] [--option KEY=VALUE]... [--json]

--laws lists law ids, preset ids or formulas; commas inside a formula's parentheses or brackets
stay with the formula (--laws "chinchilla,E + A/max(N, 1e6)^a + B/D^b"). Without --laws, or
where it says default (--laws default,kaplan-compute): the laws for the data's shape (sweeps: chinchilla, over-training, kaplan-nd, data-constrained;
learning curves: saturating-power with and without offset, bnsl, lr-annealing).
--x ROLE: the x of every one-variable law (as fit --x); laws of named inputs ignore it.
--option KEY=VALUE: given to each law that has the option; one that no listed law has is an error.

Fits each law to the same rows and scores it by scale-ordered cross-validation along the axis
--holdout selects on (else N, C, D; step, tokens for curves): fit the smaller scales, predict the
next larger ones (CV ARE, each fold weighted a third of the next larger one; lower is better). The
recommended law (marked *) has the lowest CV error among fits without a disqualifying warning, the
simpler law when within 10 %; the fewest parameters when the held-out axis has too few scales to
fold. Also shown: held-out error (--holdout), in-sample error, AIC/BIC (Gaussian log-likelihood of
ln-loss residuals; secondary), parameter count and fit time.
Exit codes: 0 ok, 1 no law could be fitted, 2 bad usage or unreadable input.`;

const OPTIONS = {
  laws: { type: 'string' },
  objective: { type: 'string' },
  delta: { type: 'string' },
  x: { type: 'string' },
  option: { type: 'string', multiple: true },
  where: { type: 'string' },
  holdout: { type: 'string' },
  map: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  if (values.help) {
    writeOut(USAGE);
    return EXIT.ok;
  }
  // Formulas have commas of their own (max(a, b), bounds [0, 1]): split only between laws.
  const ids = splitTopLevel(values.laws ?? '', ',').filter((id) => id.trim() !== '');
  if (positionals.length !== 1 || (values.laws !== undefined && !ids.length)) {
    writeErr(USAGE);
    return EXIT.usage;
  }
  const request = requestFlags(values);
  checkSharedOptions(possibleLawIds(ids.length ? ids : [DEFAULT_LAWS]), request.options);
  const table = await readMappedRunLogFile(positionals[0], parseMapFlags(values.map ?? []));
  const comparison = compareLaws(table, ids, request);
  const { rows, recommended, cv } = comparison;
  if (values.json) printJson(comparison);
  else {
    const header = ['', 'law', 'k', 'n', 'objective', 'CV ARE', 'held-out ARE', 'RMSE(ln)', 'MAPE', 'AIC', 'BIC', 'fit ms', 'warnings'];
    const cells = rows.map((r) =>
      r.error
        ? ['', rowLabel(r), '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', `error: ${r.error}`]
        : [
            recommended && r.law === recommended.law && r.options === recommended.options ? '*' : '',
            rowLabel(r),
            String(r.paramCount),
            String(r.n),
            `${r.objective.kind} ${r.objective.value.toPrecision(5)}`,
            r.cv && Number.isFinite(r.cv.are) ? formatPercent(r.cv.are) : r.cv?.skipped ? 'not scored' : '-',
            r.heldOut ? formatPercent(r.heldOut.are) : '-',
            formatNumber(r.inSample.rmseLog),
            formatPercent(r.inSample.mape),
            r.aic.toFixed(1),
            r.bic.toFixed(1),
            r.fitMs.toFixed(0),
            [...new Set(r.warnings.map((w) => w.code).filter((code) => code !== 'objective-choice'))].join(', '),
          ],
    );
    writeOut(formatTable(header, cells));
    writeOut(describeCv(cv));
    writeOut(describeRecommendation(recommended));
  }
  return rows.every((r) => r.error) ? EXIT.failed : EXIT.ok;
}
