/**
 * The run-log reader: text → RunTable (columns, roles, derived columns, diagnostics). The binary formats
 * (./tfevents, ./parquet) are imported from their modules, so only what reads them loads their libraries.
 */
export { createRunLogDecoder, decodeRunLog, decodeRunLogBytes, detectRunLogEncoding, type RunLogEncoding } from './decode';
export { parseNumber, readCell, type Cell } from './numbers';
export { RunLogFollower } from './follow';
export { createRunLogReader, detectFormat, readRunLog, type ReadOptions, type RunLogReader } from './reader';
export { nameScore } from './roles';
export { sniffRunLog, type RunLogSniff } from './sniff';
export { columnByName, roleValues } from './table';
export { unitScale } from './units';
