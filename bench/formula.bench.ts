/**
 * The law picker validates a custom formula on the extension host at every keystroke
 * (src/extension/commands/lawPicker.ts → resolveLaw → parseCustomLaw). This times that work for the
 * worst formulas the limits allow (src/core/limits.ts: MAX_LAW_LENGTH characters): long sums,
 * power chains, many parameters, balanced trees, nested calls and parentheses, and over-long input
 * (rejected before parsing). Budget: a few milliseconds per keystroke.
 *
 *   node --import tsx bench/formula.bench.ts
 */
import { MAX_LAW_LENGTH } from '../src/core/limits';
import { makeCustomLaw } from '../src/core/laws/custom';
import { printBenchJson, timed } from './report';

const BUDGET_MS = 5;
const ROUNDS = 20;
const L = MAX_LAW_LENGTH;

function balanced(): string {
  let s = 'a';
  while (s.length * 2 + 3 <= L) s = `(${s}+${s})`;
  return s;
}

const FORMULAS: Record<string, string> = {
  'sum of distinct parameters': Array.from({ length: L }, (_, i) => `a${i}`).join('+').slice(0, L).replace(/\+?a?\d*$/, ''),
  'power chain': `N^${'a^'.repeat(L / 2 - 2)}a`,
  'coefficient per term': Array.from({ length: L }, (_, i) => `p${i}/N`).join('+').slice(0, L).replace(/\+[^+]*$/, ''),
  'balanced tree': balanced(),
  'nested calls': `${'exp('.repeat(L / 5 - 1)}a*N${')'.repeat(L / 5 - 1)}`,
  'nested parentheses': `${'('.repeat(L / 2 - 2)}a*N${')'.repeat(L / 2 - 2)}`,
  'one long name': `${'a'.repeat(L - 2)}*N`,
  'over-long (1 MB)': `E + ${'A/N^alpha + '.repeat(80_000)}B`,
};

let worst = { what: '', ms: 0, cpuMs: 0 };
for (const [what, formula] of Object.entries(FORMULAS)) {
  let best = { ms: Infinity, cpuMs: Infinity };
  let outcome = 'ok';
  for (let round = 0; round < ROUNDS; round++) {
    const { result, ms, cpuMs } = timed(() => {
      try {
        makeCustomLaw(formula);
        return 'ok';
      } catch (error) {
        return (error as Error).message.split('\n')[0];
      }
    });
    outcome = result;
    if (cpuMs < best.cpuMs) best = { ms, cpuMs };
  }
  console.log(`${what.padEnd(28)} ${String(formula.length).padStart(7)} chars  ${best.ms.toFixed(2).padStart(6)} ms wall  ${best.cpuMs.toFixed(2).padStart(6)} ms cpu  ${outcome.slice(0, 60)}`);
  if (best.cpuMs > worst.cpuMs) worst = { what, ...best };
}
console.log(`worst: ${worst.what}`);
printBenchJson('formula', [{ what: `custom law validation, worst case at ${L} chars (${worst.what})`, value: worst.ms, cpu: worst.cpuMs, unit: 'ms', max: BUDGET_MS }]);
