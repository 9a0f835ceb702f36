import type { NotebookSpec } from './spec';
import { pushAll } from '../arrays';

/** Text YAML reads back as the same string without quotes (no indicators, no bool/null/number look-alikes). */
const PLAIN = /^[A-Za-z_./][\w./-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

/** A YAML scalar: plain when it is safe, else double-quoted (a JSON string is a valid YAML one). */
export function scalar(text: string): string {
  return PLAIN.test(text) && !RESERVED.test(text) ? text : JSON.stringify(text);
}

/**
 * The YAML text of a spec (what "Fit scaling law" writes into a new notebook), keys in SPEC_KEYS order.
 * Written by hand rather than with a YAML library so the extension host can generate a spec without
 * loading the parser; parseSpec(formatSpec(s)) gives s back (tested).
 */
export function formatSpec(spec: NotebookSpec): string {
  const lines = [`data: ${scalar(spec.data)}`];
  if (spec.sweep) {
    pushAll(lines, ['sweep:', '  runs:', ...spec.sweep.runs.map((run) => `    - ${scalar(run)}`)]);
    if (spec.sweep.take !== undefined) lines.push(`  take: ${scalar(spec.sweep.take)}`);
    const sizes = Object.entries(spec.sweep.n ?? {});
    if (sizes.length > 0) pushAll(lines, ['  n:', ...sizes.map(([run, n]) => `    ${scalar(run)}: ${n}`)]);
  }
  const map = Object.entries(spec.map ?? {});
  if (map.length > 0) pushAll(lines, ['map:', ...map.map(([role, column]) => `  ${role}: ${column === null ? 'null' : scalar(column)}`)]);
  if (spec.loss?.length === 1) lines.push(`loss: ${scalar(spec.loss[0])}`);
  else if (spec.loss) pushAll(lines, ['loss:', ...spec.loss.map((column) => `  - ${scalar(column)}`)]);
  if (spec.where !== undefined) lines.push(`where: ${scalar(spec.where)}`);
  if (spec.group !== undefined) lines.push(`group: ${scalar(spec.group)}`);
  if (spec.share !== undefined) lines.push(`share: [${spec.share.map(scalar).join(', ')}]`);
  if (spec.laws.length === 1) lines.push(`law: ${scalar(spec.laws[0])}`);
  else pushAll(lines, ['law:', ...spec.laws.map((law) => `  - ${scalar(law)}`)]);
  if (spec.compare !== undefined) lines.push(`compare: ${spec.compare}`);
  if (spec.x !== undefined) lines.push(`x: ${spec.x}`);
  if (spec.extrapolate !== undefined) lines.push(`extrapolate: ${spec.extrapolate}`);
  const options = Object.entries(spec.options ?? {});
  if (options.length > 0) pushAll(lines, ['options:', ...options.map(([key, value]) => `  ${scalar(key)}: ${typeof value === 'string' ? scalar(value) : value}`)]);
  if (spec.skip !== undefined) lines.push(`skip: ${spec.skip}`);
  if (spec.until !== undefined) lines.push(`until: ${spec.until}`);
  if (spec.smooth !== undefined) lines.push(`smooth: ${spec.smooth}`);
  if (spec.objective !== undefined) lines.push(`objective: ${spec.objective}`);
  if (spec.delta !== undefined) lines.push(`delta: ${spec.delta}`);
  if (spec.holdout !== undefined) lines.push(`holdout: ${scalar(spec.holdout)}`);
  if (spec.bootstrap !== undefined) lines.push(`bootstrap: ${spec.bootstrap}`);
  if (spec.seed !== undefined) lines.push(`seed: ${spec.seed}`);
  if (spec.plot !== undefined) lines.push(`plot: [${spec.plot.join(', ')}]`);
  return lines.join('\n');
}
