// Issue 9 item 16: no fit reports a parameter outside its law's bounds, on any table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit/fitTable';
import { runLawFit } from '../../src/core/fit/runLawFit';
import { paramBox } from '../../src/core/solve/paramBox';
import { lawParams } from '../../src/core/law';
import type { Law } from '../../src/core/law';
import { getLaw, listLaws } from '../../src/core/laws/registry';
import { readRunLog } from '../../src/core/runlog';
import { UserError } from '../../src/core/types';
import type { LawInputs, ObjectiveKind } from '../../src/core/types';
import { FAMILIES, degenerateTable } from './fit-degenerate';

const CHINCHILLA_OBJECTIVES: ObjectiveKind[] = ['huber-log', 'mse-log', 'mse', 'huber', 'asymmetric', 'huber-mle'];

/** Parameters outside the law's declared box, as "name = value" (held parameters are choices, not fits). */
function outside(law: Law, params: ArrayLike<number>, held: readonly string[] = []): string[] {
  const specs = lawParams(law, {});
  const box = paramBox(specs);
  return specs
    .map((spec, j) => (held.includes(spec.name) || (params[j] >= box.lower[j] && params[j] <= box.upper[j]) ? '' : `${spec.name} = ${params[j]}`))
    .filter(Boolean);
}

function lawInputs(law: Law, table: ReturnType<typeof degenerateTable>): LawInputs {
  const x: LawInputs = {};
  for (const input of law.inputs) {
    const role = input === 'x' ? law.xRoles?.[0] : input;
    // downstream-error reads a loss column (no role) as x; its target is then an error rate.
    (x as Record<string, Float64Array>)[input] = role === undefined ? table.y : table.x[role as keyof typeof table.x];
  }
  return x;
}

describe('every registered law stays inside its bounds on degenerate tables', () => {
  for (const law of listLaws()) {
    it(`${law.id}: one seeded table of each degenerate family`, () => {
      const objectives = law.id === 'chinchilla' ? CHINCHILLA_OBJECTIVES : [law.defaultObjective];
      const minRows = lawParams(law, {}).length + 1;
      const failures: string[] = [];
      for (let seed = 0; seed < FAMILIES.length; seed++) {
        const table = degenerateTable(seed, minRows);
        const y = law.id === 'downstream-error' ? table.error : table.y;
        for (const objective of objectives) {
          try {
            const outcome = runLawFit(law, { x: lawInputs(law, table), y, objective, delta: 1e-3, fixed: {}, bounds: {}, init: {}, options: {} });
            // Non-finite parameters are refused by the engine with a UserError ('fit-failed').
            if (!Array.from(outcome.params).every(Number.isFinite)) continue;
            const bad = outside(law, outcome.params, outcome.held);
            if (bad.length) failures.push(`seed ${seed} (${table.family}), ${objective}: ${bad.join(', ')}`);
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
          }
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe('chinchilla through the engine', () => {
  const chinchilla = getLaw('chinchilla')!;

  /** 12 runs on a 4 × 3 grid of N and D; loss from `loss(N, D)`. */
  const grid = (loss: (N: number, D: number) => number) => {
    const rows = ['N,D,loss'];
    for (let i = 0; i < 12; i++) {
      const N = 1e8 * 3 ** (i % 4);
      const D = 1e9 * 4 ** (i % 3);
      rows.push(`${N},${D},${loss(N, D)}`);
    }
    return readRunLog(rows.join('\n'), { fileName: 'grid.csv' });
  };

  it('loss without a D effect: B is held at its bound (not 1e-111) and the term is reported as not identified', () => {
    const table = grid((N) => 1.8 + 400 * N ** -0.3);
    for (const objective of ['huber-log', 'mse-log', 'mse'] as const) {
      const fit = fitTable(table, { law: 'chinchilla', objective });
      assert.deepEqual(outside(chinchilla, chinchilla.params.map((spec) => fit.params[spec.name])), [], objective);
      assert.equal(fit.params.B, Math.exp(-5), objective);
      assert.ok(Math.abs(fit.params.alpha - 0.3) < 1e-6 && Math.abs(fit.params.E - 1.8) < 1e-6, `${objective}: ${JSON.stringify(fit.params)}`);
      assert.ok(fit.warnings.some((w) => w.code === 'parameter-at-bound' && w.message.startsWith('B = ')), objective);
      assert.ok(fit.warnings.some((w) => w.code === 'not-identifiable' && w.message.startsWith('The term B/D^beta is below 0.1 %')), objective);
    }
  });

  it('bootstrap replicates (warm-started refits) stay inside the bounds too', () => {
    const table = grid((N, D) => 1.8 + 400 * N ** -0.3 + 0.01 * Math.sin(N / 7e7 + D / 3e9));
    const fit = fitTable(table, { law: 'chinchilla', objective: 'mse-log', bootstrap: 40, seed: 7 });
    const box = paramBox(chinchilla.params);
    chinchilla.params.forEach((spec, j) => {
      const [lo, hi] = fit.ci95![spec.name];
      assert.ok(lo >= box.lower[j] && hi <= box.upper[j], `${spec.name}: [${lo}, ${hi}]`);
      for (const sample of fit.bootstrapSamples!) assert.ok(sample[spec.name] >= box.lower[j] && sample[spec.name] <= box.upper[j], `${spec.name} = ${sample[spec.name]}`);
    });
  });

  it('loss that rises with D: β is held at its bound 0 with a warning, never negative', () => {
    const fit = fitTable(
      grid((N, D) => 1.8 + 400 * N ** -0.34 + 0.02 * Math.log(D / 1e9)),
      { law: 'chinchilla' },
    );
    assert.equal(fit.params.beta, 0);
    assert.ok(fit.params.B >= Math.exp(-5));
    assert.ok(fit.warnings.some((w) => w.code === 'parameter-at-bound' && w.message.startsWith('beta = 0 ')));
    assert.ok(fit.warnings.some((w) => w.code === 'not-identifiable' && w.message.includes('B/D^beta')));
  });
});
