// The 10k-row run log the hover bench opens: N and D log-uniform over the Chinchilla paper's range,
// loss from the registered law at the rounded Hoffmann preset with ±1 % seeded noise.
import { seededRandom } from '../../src/core/solve/random';
import { getLaw, getPreset } from '../../src/core/laws/registry';

export function hoverLogCsv(rows: number, seed = 2022): string {
  const law = getLaw('chinchilla');
  const preset = getPreset('hoffmann2022-rounded');
  if (!law || !preset) throw new Error('law chinchilla / preset hoffmann2022-rounded missing from the registry');
  const uniform = seededRandom(seed);
  const logUniform = (lo: number, hi: number): number => Number((lo * (hi / lo) ** uniform()).toPrecision(3));
  const N = Float64Array.from({ length: rows }, () => logUniform(7e7, 1.6e10));
  const D = Float64Array.from({ length: rows }, () => logUniform(5e9, 5e11));
  const loss = new Float64Array(rows);
  law.predict(
    law.params.map((p) => preset.params[p.name]),
    { N, D },
    loss,
  );
  const lines = ['run,params,tokens,loss'];
  for (let i = 0; i < rows; i++) lines.push(`run-${i},${Math.round(N[i])},${Math.round(D[i])},${(loss[i] * (1 + 0.01 * (2 * uniform() - 1))).toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}
