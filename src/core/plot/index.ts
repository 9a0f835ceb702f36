/** Plots of fits: the notebook output payload (buildFitOutput) and Vega-Lite specs built from it. */
export { buildFitOutput, pointwise, type FitOutputOptions, type Predictor } from './buildFitOutput';
export { buildSeriesOutput, type SeriesFits } from './series';
export { buildSpec, buildStaticSpec, fitLabels, type SpecOptions, type VegaLiteSpec } from './specs';
export { DARK_THEME, LIGHT_THEME, themeConfig, type ChartTheme } from './theme';
export { buildHparamsSpec } from './hparamsSpec';
