/** The run-log reader: text → RunTable (columns, roles, derived columns, diagnostics). */
export { createRunLogDecoder, decodeRunLog, decodeRunLogBytes, detectRunLogEncoding, type RunLogEncoding } from './decode';
export { parseNumber, readCell, type Cell } from './numbers';
export { RunLogFollower } from './follow';
export { createRunLogReader, detectFormat, readRunLog, type ReadOptions, type RunLogReader } from './reader';
export { nameScore } from './roles';
export { sniffRunLog, type RunLogSniff } from './sniff';
export { columnByName, roleValues } from './table';
export { isParquetFile, readParquet, type AsyncBuffer } from './parquet';
export { isTfEventsFile, readTfEvents, TfEventsReader } from './tfevents';
export { unitScale } from './units';
