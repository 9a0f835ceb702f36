/**
 * The learning-curve plot payload of a long run (issue 10): buildFitOutput on a 1,000,000-row log (step,
 * per-batch loss with noise and spikes, cosine LR after warm-up) for saturating-power and lr-annealing
 * fits with 40 bootstrap replicates — points thinned to 3,000 keeping each bucket's extremes, the EMA
 * over every row, residuals through the table, curves with bands to max_steps and the forecast. The fits
 * come from 1,000 evenly spaced rows (fitting a million rows is not what this measures). Budget: ≤ 2 s each.
 *
 *   node --import tsx bench/curve.bench.ts [--rows 1000000]
 */
import { cpuUsage } from 'node:process';
import { fitTable, predictWith } from '../src/core/fit';
import { seededRandom } from '../src/core/solve/random';
import { buildFitOutput, pointwise } from '../src/core/plot';
import { readRunLog } from '../src/core/runlog';
import type { RunTable } from '../src/core/types';
import { printBenchJson, type BenchMetric } from './report';

const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1]) || 1_000_000;
const maxSteps = 1.25 * rows;

function curveLog(every: number): RunTable {
  const random = seededRandom(3);
  const lines: string[] = [];
  for (let step = every; step <= rows; step += every) {
    const lr = step < 0.02 * rows ? (3e-4 * step) / (0.02 * rows) : 3e-5 + 1.35e-4 * (1 + Math.cos((Math.PI * step) / maxSteps));
    const spike = random() < 0.001 ? 3 : 1;
    lines.push(`{"step":${step},"lr":${lr.toPrecision(6)},"loss":${((2 + 8 * step ** -0.3) * (1 + 0.05 * (random() - 0.5)) * spike).toPrecision(6)}}`);
  }
  const table = readRunLog(lines.join('\n'), { fileName: 'curve.jsonl' });
  table.schedule = { maxSteps, source: 'bench' };
  return table;
}

const big = curveLog(1);
const small = curveLog(Math.max(1, Math.round(rows / 1000)));
const metrics: BenchMetric[] = [];
console.log(`learning-curve payload, ${big.rowCount.toLocaleString('en')} rows, max_steps ${maxSteps.toLocaleString('en')}`);
for (const law of ['saturating-power', 'lr-annealing']) {
  const fit = fitTable(small, { law, bootstrap: 40, seed: 1 });
  buildFitOutput(small, [fit], pointwise(predictWith)); // warm-up (JIT)
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  const output = buildFitOutput(big, [fit], pointwise(predictWith));
  const ms = performance.now() - t0;
  const cpu = cpuUsage(cpu0);
  const lc = output.learningCurve!;
  const bytes = JSON.stringify(output).length;
  console.log(
    `  ${law}: ${ms.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ${lc.series[0].xs.length} of ${lc.series[0].total} points, ` +
      `curve to ${lc.until.value} (${lc.until.source}), forecast ${lc.forecasts[0]?.loss.toFixed(4)}, payload ${(bytes / 1024).toFixed(0)} KB`,
  );
  metrics.push({ what: `buildFitOutput, ${law}, ${big.rowCount.toLocaleString('en')} rows, 40 replicates`, value: ms, unit: 'ms', max: 2000, cpu: (cpu.user + cpu.system) / 1000 });
}
printBenchJson('curve', metrics);
