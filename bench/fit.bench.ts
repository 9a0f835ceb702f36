/**
 * Chinchilla fit on Epoch-240 (huber-log, global search) — ours vs the SciPy procedure (L-BFGS-B with
 * finite-difference gradients over Hoffmann's 4,500-point grid, bench/scipy_chinchilla.py) measured in
 * the same run; plus 1,000 bootstrap resamples. Budgets (product.md): ≤ 100 ms median, ≥ 300× faster
 * than SciPy at an objective ≤ SciPy's; bootstrap ≤ 3 s.
 *
 *   node --import tsx bench/fit.bench.ts [--runs 15] [--no-peer]
 *
 * --no-peer skips the SciPy run (tens of seconds); the default is the full side-by-side comparison.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitTable } from '../src/core/fit';
import { readRunLog } from '../src/core/runlog';
import { dataFile } from '../test/dataPath';
import { printBenchJson, type BenchMetric } from './report';

const FILE = dataFile('epoch-chinchilla/svg_extracted_data.csv');
const WHERE = 'loss < 3.44'; // Epoch-240: drops the 5 largest losses
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const python = process.env.SCALING_LAWS_PYTHON ?? '/usr/bin/python3';

const table = readRunLog(readFileSync(FILE, 'utf8'), { fileName: FILE });
const times: number[] = [];
let fit = fitTable(table, { law: 'chinchilla', where: WHERE }); // warm-up (JIT)
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  fit = fitTable(table, { law: 'chinchilla', where: WHERE });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const boot = fitTable(table, { law: 'chinchilla', where: WHERE, bootstrap: 1000, seed: 1 });
const mleStarted = performance.now();
const mle = fitTable(table, { law: 'chinchilla', where: WHERE, objective: 'huber-mle' });
const mleMs = performance.now() - mleStarted;

const metrics: BenchMetric[] = [
  { what: 'Chinchilla fit, huber-log global (240 points), median', value: median, unit: 'ms', max: 100 },
  { what: 'bootstrap, 1,000 resamples', value: boot.timing.bootstrapMs! / 1000, unit: 's', max: 3 },
  { what: 'huber-mle fit (RR-02)', value: mleMs, unit: 'ms' },
];
console.log(`Chinchilla fit, Epoch-240 (n = ${fit.n}), huber-log δ = 1e-3, VarPro global search + polish`);
console.log(`  ours:  median ${median.toFixed(1)} ms over ${runs} runs (min ${times[0].toFixed(1)}, max ${times.at(-1)!.toFixed(1)}), objective ${fit.objective.value.toExponential(7)}`);
console.log(`         α ${fit.params.alpha.toFixed(5)}, β ${fit.params.beta.toFixed(5)}, E ${fit.params.E.toFixed(5)}`);
console.log(`  bootstrap 1,000 resamples: ${(boot.timing.bootstrapMs! / 1000).toFixed(2)} s  (SE α ${boot.se!.alpha.toFixed(4)}, β ${boot.se!.beta.toFixed(4)}, E ${boot.se!.E.toFixed(4)})`);
console.log(`  huber-mle fit (RR-02): ${mleMs.toFixed(0)} ms, NLL ${mle.objective.value.toFixed(3)}, s ${mle.derived!.s.toFixed(4)}`);

if (!args.includes('--no-peer')) {
  const peer = spawnSync(python, [join(import.meta.dirname, 'scipy_chinchilla.py'), FILE], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (peer.status !== 0) {
    console.log(`  scipy: not run (${python} failed: ${peer.stderr.trim().split('\n').at(-1)})`);
  } else {
    const scipy = JSON.parse(peer.stdout) as { seconds: number; objective: number; params: Record<string, number> };
    console.log(`  scipy: ${scipy.seconds.toFixed(1)} s (L-BFGS-B, finite-difference gradients, 4,500 starts), objective ${scipy.objective.toExponential(7)}`);
    console.log(`         α ${scipy.params.alpha.toFixed(5)}, β ${scipy.params.beta.toFixed(5)}, E ${scipy.params.E.toFixed(5)}`);
    console.log(`  ratio: ours is ${((scipy.seconds * 1000) / median).toFixed(0)}× faster; objective ours − scipy = ${(fit.objective.value - scipy.objective).toExponential(2)}`);
    metrics.push(
      { what: 'SciPy L-BFGS-B over the 4,500-start grid', value: scipy.seconds * 1000, unit: 'ms' },
      { what: 'speed-up vs SciPy', value: (scipy.seconds * 1000) / median, unit: '×', min: 300 },
      { what: 'objective ours − SciPy', value: fit.objective.value - scipy.objective, unit: '', max: 0 },
    );
  }
}
printBenchJson('fit', metrics);
