/**
 * The engine bundle (dist/engine.js): the fitting side the extension host needs on demand — law
 * registry, law resolution (ids, presets, custom formulas) and predictions. A separate esbuild entry,
 * required by path on first use (engineLoader.ts), so activation never loads it. Fits themselves run
 * in dist/fitWorker.js. The reader is re-exported for tests that compare against the engine directly.
 */
export { readRunLog, roleValues } from '../core/runlog';
export { candidatesFor, compareLaws, DEFAULT_LAWS, fitTable, predictTable, predictWith, rowLabel } from '../core/fit';
export { rowIntervals } from '../core/fit/predict';
export { forecastOrReason, forecastRun, runCurve } from '../core/curve/forecast';
export { describeForecast } from '../core/curve/describe';
export { defaultXRole } from '../core/fit/lawInputs';
export { resolveLaw } from '../core/fit/resolveLaw';
export { requestForLaw } from '../core/fit/lawRequest';
export { getLaw, listLaws } from '../core/laws/registry';
// Scaling notebooks: spec parsing/validation and the fit output built for a cell (yaml, expressions and
// the plot builders stay out of the host bundle).
export { buildFitOutput, buildStaticSpec, buildSeriesOutput, DARK_THEME, LIGHT_THEME } from '../core/plot';
export { comparisonView } from '../core/plot/comparisonView';
export { checkSpecFilters, checkSpecMap, checkSpecOptionColumns, parseSpec } from '../core/spec';
export { specData } from '../core/spec/dataValue';
// Sweeps: many runs' tables and configs assembled into the table a sweep spec fits.
export { assembleSweep, findRuns, parseTake, sweepTableText } from '../core/sweep';
// Which stored fit applies where: its filters need the expression parser, which stays out of the host bundle.
export { fitBasis, fitName, fitStanding, rowCoverage } from '../core/spec/fitIdentity';
