/** The fitting engine: laws + objectives + global search → FitResult (laws.md §4, product.md contracts). */
export { fitTable, prepareFit } from './fitTable';
export type { PreparedFit } from './preparedFit';
export type { FitOptions } from './runLawFit';
export { DEFAULT_LAWS } from './defaultLaws';
export { candidatesFor, compareLaws, compareWithFits, describeCv, describeRecommendation, type ComparedFits, type CompareRow, type Comparison } from './compare';
export { recommendLaw, rowLabel, type Recommendation } from './recommend';
export { predictTable, predictWith } from './predict';
export { resolveLaw, type ResolvedLaw } from './resolveLaw';
export { DEFAULT_DELTA, objectiveValue } from '../solve/objectives';
export { describeRowGroup, describeRows } from '../describeRows';
