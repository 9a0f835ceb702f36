/** The safe expression layer: row filters and custom-law formulas (no eval, no Function). */
export { ExprError } from './errors';
export { compileFilter } from './filter';
export { compileFormula, type CompiledFormula } from './formula';
export { parseCustomLaw, DEFAULT_BOUNDS, type CustomLawSpec, type ParamKind } from './customLaw';
