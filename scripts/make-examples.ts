// Writes the example run logs in examples/ from published laws plus seeded noise, so the demo workspace,
// the README and the UI tests have small, realistic, reproducible files: `npm run examples` rewrites them
// byte for byte. Run: node --import tsx scripts/make-examples.ts
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annealingAreas } from '../src/core/laws/lrAnnealing';
import { getLaw, getPreset } from '../src/core/laws/registry';
import { curveRun, seededNormal, trainerStateJson, wandbHistoryCsv } from './learningCurveLogs';

const EXAMPLES = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'examples');
const PRESET = 'hoffmann2022-rounded';

/** Loss of the published Chinchilla fit, evaluated by the registered law itself. */
function chinchillaLoss(N: number, D: number): number {
  const law = getLaw('chinchilla');
  const preset = getPreset(PRESET);
  if (!law || !preset) throw new Error(`law chinchilla / preset ${PRESET} missing from the registry`);
  const out = new Float64Array(1);
  law.predict(
    law.params.map((p) => preset.params[p.name]),
    { N: Float64Array.of(N), D: Float64Array.of(D) },
    out,
  );
  return out[0];
}

/** An integer with three significant digits, written out in full (how run configs usually state N, D). */
function roundCount(x: number): number {
  return Math.round(Number(x.toPrecision(3)));
}

function compactCount(n: number): string {
  for (const [unit, scale] of [['B', 1e9], ['M', 1e6]] as const) if (n >= scale) return `${Number((n / scale).toPrecision(3))}${unit}`;
  return String(n);
}

function csvLine(cells: Array<string | number>, quoteAll = false): string {
  return cells.map((c) => (quoteAll || /[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(',');
}

/** IsoFLOP-style runs: seven model sizes around 20 tokens/parameter at each budget, C = 6ND. */
function isoflopRuns(budgets: number[]): Array<{ C: number; N: number; D: number }> {
  return budgets.flatMap((C) => {
    const n20 = Math.sqrt(C / 120);
    return [-3, -2, -1, 0, 1, 2, 3].map((k) => {
      const N = roundCount(n20 * 10 ** (k / 4));
      const D = roundCount(C / (6 * N));
      return { C, N, D };
    });
  });
}

function chinchillaSweep(): string {
  const noise = seededNormal(2022);
  const lines = [csvLine(['run', 'params', 'tokens', 'flops', 'loss'])];
  for (const { C, N, D } of isoflopRuns([1e18, 3e18, 1e19, 3e19, 1e20])) {
    const loss = chinchillaLoss(N, D) * Math.exp(0.01 * noise());
    lines.push(csvLine([`isoflop-${C.toExponential(0)}-${compactCount(N)}`, N, D, (6 * N * D).toExponential(4), loss.toFixed(4)]));
  }
  // Planned runs: loss not known yet — the editor shows the fit's prediction for these rows.
  for (const C of [1e21, 1e22, 1e23]) {
    const N = roundCount(Math.sqrt(C / 120));
    const D = roundCount(C / (6 * N));
    lines.push(csvLine([`planned-${C.toExponential(0)}`, N, D, (6 * N * D).toExponential(4), '']));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One run's loss curve with a warmup–stable–decay (WSD) schedule, shaped by the LR-annealing law
 * L = L0 + A·S1^(−α) − C·S2 (laws.md §2.10), with the law module's own forward and annealing areas.
 */
function wsdLossCurve(): string {
  const steps = 4000;
  const [warmup, decayFrom, peak, floor] = [200, 3200, 3e-4, 3e-5];
  const lr = Float64Array.from({ length: steps }, (_, i) => {
    const s = i + 1;
    return s <= warmup ? (peak * s) / warmup : s <= decayFrom ? peak : peak - ((peak - floor) * (s - decayFrom)) / (steps - decayFrom);
  });
  const { s1, s2 } = annealingAreas(lr);
  const [L0, A, alpha, C] = [3.04, 0.35, 0.3, 2.4];
  const noise = seededNormal(2024);
  const lines: string[] = [];
  for (let s = 20; s <= steps; s += 20) {
    const loss = L0 + A * Math.pow(s1[s - 1], -alpha) - C * s2[s - 1] + 0.02 * noise();
    lines.push(JSON.stringify({ step: s, loss: Number(loss.toFixed(4)), lr: Number(lr[s - 1].toPrecision(4)) }));
  }
  return `${lines.join('\n')}\n`;
}

/** A W&B "Export CSV" of a small ladder: every cell quoted, C in GFLOP, crashed and running runs included. */
function wandbExport(): string {
  const noise = seededNormal(1906);
  const header = ['Name', 'State', 'Runtime', 'parameter_count', 'throughput/total_tokens', 'throughput/total_gflops', 'eval/loss', 'optimizer.learning_rate', 'model.hidden_dim', 'model.num_layers'];
  const lines = [csvLine(header, true)];
  const shapes: Array<[number, number]> = [[512, 8], [768, 12], [1024, 16], [1536, 20], [2048, 24], [2560, 28]];
  shapes.forEach(([hidden, layers], i) => {
    // Roughly 12·layers·hidden² non-embedding weights plus a 50k-token embedding.
    const N = 12 * layers * hidden * hidden + 50_304 * hidden;
    for (const tokensPerParam of [10, 20, 40]) {
      const D = roundCount(N * tokensPerParam);
      const state = i === 5 && tokensPerParam === 40 ? 'running' : i === 2 && tokensPerParam === 10 ? 'crashed' : 'finished';
      const loss = state === 'finished' ? (chinchillaLoss(N, D) * Math.exp(0.008 * noise())).toFixed(6) : '';
      const lr = (3e-3 / Math.sqrt(hidden / 256)).toPrecision(4);
      const runtime = state === 'finished' ? String(Math.round((6 * N * D) / 4e14)) : '';
      const name = `ladder-d${hidden}-L${layers}-${tokensPerParam}tpp`;
      lines.push(csvLine([name, state, runtime, N, D, ((6 * N * D) / 1e9).toFixed(2), loss, lr, hidden, layers], true));
    }
  });
  return `${lines.join('\n')}\n`;
}

/** Good rows mixed with the mistakes real logs contain; the `note` column says what each bad row shows. */
function badRows(): string {
  const noise = seededNormal(7);
  const runs = isoflopRuns([1e19]);
  const good = runs.map(({ N, D }) => [N, D, (chinchillaLoss(N, D) * Math.exp(0.01 * noise())).toFixed(4)] as Array<string | number>);
  const lines = [csvLine(['params', 'tokens', 'loss', 'note'])];
  const [r0, r1, r2, r3, r4, r5, r6] = good;
  lines.push(csvLine([...r0, 'ok']));
  lines.push(csvLine(['about 200M', r1[1], r1[2], 'non-numeric params']));
  lines.push(csvLine([r2[0], r2[1], r2[2], 'ok']));
  lines.push(csvLine([-Number(r3[0]), r3[1], r3[2], 'negative params']));
  lines.push(csvLine([r4[0], r4[1], 'NaN', 'NaN loss']));
  lines.push(csvLine([r5[0], r5[1], '0', 'zero loss cannot be fitted in log space']));
  lines.push(csvLine([r6[0], r6[1]]));
  lines.push(csvLine([...r6, 'ok']));
  return `${lines.join('\n')}\n`;
}

const FILES: Record<string, () => string> = {
  'chinchilla-sweep.csv': chinchillaSweep,
  'loss-curve.jsonl': wsdLossCurve,
  'wandb-export.csv': wandbExport,
  'bad-rows.csv': badRows,
  // A 124M-parameter run stopped by a callback at 60 % of a 5,000-step cosine schedule.
  'trainer_state.json': () => trainerStateJson(curveRun()),
  // A run 60 % through a 10,000-step linear schedule, logged every 2 steps, evaluated every 500.
  'wandb-history.csv': () =>
    wandbHistoryCsv(curveRun({ seed: 31, maxSteps: 10_000, warmupSteps: 500, decay: 'linear', peakLr: 3e-4 }), {
      loggedSteps: 6000,
      loggingSteps: 2,
      evalSteps: 500,
    }),
};

for (const [name, make] of Object.entries(FILES)) {
  const text = make();
  writeFileSync(join(EXAMPLES, name), text);
  console.log(`${name.padEnd(22)} ${text.split('\n').length - 1} lines  ${(text.length / 1024).toFixed(1)} KB`);
}
