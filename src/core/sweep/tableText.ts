/**
 * The assembled sweep as a CSV file the user keeps (`--out`, "Save table") and every fit reads: the
 * fit of a sweep is the fit of this text, so the saved table reproduces it exactly. Numbers are written
 * in JavaScript's shortest round-trip form, so reading them back gives the same doubles.
 */
import type { SweepTable } from './assemble';

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/** The numeric columns after `run`: N, D, C, loss, and step when checkpoints are taken. */
export function sweepColumns(sweep: SweepTable): Array<[string, Float64Array]> {
  const withStep = sweep.take.kind !== 'final' && sweep.step.some((s) => Number.isFinite(s));
  const numeric: Array<[string, Float64Array]> = [['N', sweep.N]];
  // D and C are left out when no run has them: an empty column is not a value.
  if (sweep.D.some(Number.isFinite)) numeric.push(['D', sweep.D]);
  if (sweep.C.some(Number.isFinite)) numeric.push(['C', sweep.C]);
  numeric.push(['loss', sweep.loss]);
  if (withStep) numeric.push(['step', sweep.step]);
  return numeric;
}

export function sweepTableText(sweep: SweepTable): string {
  const numeric = sweepColumns(sweep);
  const names = sweep.runs.map((run) => csvField(run.name));
  const lines = [['run', ...numeric.map(([name]) => name)].join(',')];
  for (let i = 0; i < sweep.rowCount; i++) {
    let line = names[sweep.runOf[i]];
    for (const [, values] of numeric) line += `,${csvNumber(values[i])}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
