/** Sweeps: many runs' logs and configs → one table of (run, N, D, C, loss) with every inference sourced. */
export { assembleSweep, type Sourced, type SweepExclusion, type SweepOptions, type SweepRun, type SweepRunInput, type SweepTable } from './assemble';
export { RunConfig, type ConfigText } from './config';
export { countParameters } from './paramCount';
export { sizeFromName } from './runName';
export { sweepColumns, sweepTableText } from './tableText';
export { DEFAULT_TAKE, describeTake, parseTake, type Take } from './take';
export { runColumnOf, splitRuns, type SplitRuns } from './split';
export { findRuns, type RunFiles, type SweepFileSystem } from './layout';
