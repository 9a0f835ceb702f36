export { DEFAULT_TOLERANCE, HPARAM_METHODS, type HparamMethod } from './estimate';
export { DEFAULT_HPARAM_BOOTSTRAP, fitHparams, type HparamRequest, type HparamResult } from './fitHparams';
export { evaluateMonomial, formatMonomial, hparamLawOf, recommendHparams, type HparamLaw, type Monomial } from './law';
export { HPARAM_PRESETS, hparamPreset, type HparamPreset } from './presets';
export { readHparamGrid, type HparamGrid, type GridGroup } from './grid';
