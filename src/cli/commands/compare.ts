/** `scaling-laws compare FILE --laws ID,ID,… [--holdout EXPR] [--where EXPR] [--objective K] [--map …] [--json]`. */
import { splitTopLevel } from '../../core/expr/splitTopLevel';
import { compareLaws } from '../../core/fit';
import { checkSharedOptions } from '../../core/fit/lawRequest';
import { formatNumber, formatPercent } from '../../core/format';
import { EXIT, formatTable, parseCommandArgs, parseMapFlags, printJson, readMappedRunLogFile, writeErr, writeOut } from '../io';
import { requestFlags } from './fitShared';

const USAGE = `usage: scaling-laws compare FILE --laws ID,ID,... [--holdout EXPR] [--where EXPR]
         [--objective K] [--delta X] [--map ROLE=COLUMN]... [--x ROLE] [--option KEY=VALUE]... [--json]

--laws lists law ids, preset ids or formulas; commas inside a formula's parentheses or brackets
stay with the formula (--laws "chinchilla,E + A/max(N, 1e6)^a + B/D^b").
--x ROLE: the x of every one-variable law (as fit --x); laws of named inputs ignore it.
--option KEY=VALUE: given to each law that has the option; one that no listed law has is an error.

Fits each law to the same rows; one row per law with in-sample and held-out error and AIC/BIC
(Gaussian log-likelihood of ln-loss residuals; lower is better).
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
  const ids = splitTopLevel(values.laws ?? '', ',');
  if (positionals.length !== 1 || !ids.length) {
    writeErr(USAGE);
    return EXIT.usage;
  }
  const request = requestFlags(values);
  checkSharedOptions(ids, request.options);
  const table = await readMappedRunLogFile(positionals[0], parseMapFlags(values.map ?? []));
  const rows = compareLaws(table, ids, request);
  if (values.json) printJson(rows);
  else {
    const header = ['law', 'n', 'objective', 'RMSE(ln)', 'MAPE', 'held-out ARE', 'AIC', 'BIC'];
    const cells = rows.map((r) =>
      r.error
        ? [r.law, '-', '-', '-', '-', '-', '-', `error: ${r.error}`]
        : [
            r.law,
            String(r.n),
            `${r.objective.kind} ${r.objective.value.toPrecision(5)}`,
            formatNumber(r.inSample.rmseLog),
            formatPercent(r.inSample.mape),
            r.heldOut ? formatPercent(r.heldOut.are) : '-',
            r.aic.toFixed(1),
            r.bic.toFixed(1),
          ],
    );
    writeOut(formatTable(header, cells));
  }
  return rows.every((r) => r.error) ? EXIT.failed : EXIT.ok;
}
