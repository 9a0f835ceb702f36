/** The fitting engine: laws + objectives + global search → FitResult (laws.md §4, product.md contracts). */
export { fitTable, prepareFit, type FitOptions, type PreparedFit } from './fitTable';
export { compareLaws, type CompareRow } from './compare';
export { predictTable, predictWith } from './predict';
export { resolveLaw, type ResolvedLaw } from './resolveLaw';
export { DEFAULT_DELTA, objectiveValue } from './objectives';
export { describeRowGroup, describeRows } from '../describeRows';
