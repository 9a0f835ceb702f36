/**
 * Scaling-notebook specs: the YAML spec cells (parse with line positions, validate, write back), the
 * `.scalenb` file format, the markdown summary output and the new-notebook template. Pure.
 * The extension host imports the light modules directly; parseSpec (yaml + law registry) and
 * checkSpecFilters (expressions) reach it through the engine bundle.
 */
export { checkSpecFilters, type SpecRows } from './filters';
export { checkSpecMap } from './mapCheck';
export { checkSpecOptionColumns } from './optionCheck';
export { formatSpec } from './format';
export { isJsonMime, parseNotebookFile, stringifyNotebookFile, type NotebookFile, type NotebookFileCell, type NotebookFileOutput } from './notebookFile';
export { parseSpec, type ParsedSpec } from './parse';
export { vectorPredictor } from './predictor';
export { MAX_BOOTSTRAP, SPEC_KEYS, type NotebookSpec, type SpecError, type ValuePosition } from './spec';
export { restoreOutputs, RESTORED_MIMES } from './restoredOutputs';
export { fitSummaryMarkdown, type FitFailure } from './summary';
export { specNotebook, templateNotebook } from './template';
