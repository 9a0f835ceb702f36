/**
 * W&B "export panel data" CSVs are wide: one column per run and metric (`run-a - eval/loss`), with
 * `__MIN` / `__MAX` companions for the sampled range. We melt them to one row per (step, run) so the
 * run becomes a `run` column and each metric one column, which is what every law expects.
 */

const RUN_METRIC = /^(.+?) - (.+?)(__MIN|__MAX)?$/;

export interface WandbMelt {
  header: string[];
  /** Rows of the melted table for one wide row (runs whose metrics are all empty are left out). */
  melt(cells: readonly string[]): string[][];
}

/** A melt plan when the header is a W&B panel export, else undefined. */
export function planWandbMelt(header: readonly string[]): WandbMelt | undefined {
  const shared: number[] = [];
  const runs = new Map<string, Map<string, number>>();
  const metrics: string[] = [];
  // A Set beside the list: `metrics.includes` per header cell was quadratic on a 200k-column header.
  const seenMetrics = new Set<string>();
  let companions = 0;
  header.forEach((name, index) => {
    const m = RUN_METRIC.exec(name);
    if (!m) {
      shared.push(index);
      return;
    }
    if (m[3] !== undefined) {
      companions++;
      return;
    }
    const byMetric = runs.get(m[1]) ?? new Map<string, number>();
    runs.set(m[1], byMetric);
    byMetric.set(m[2], index);
    if (!seenMetrics.has(m[2])) {
      seenMetrics.add(m[2]);
      metrics.push(m[2]);
    }
  });
  // Without __MIN/__MAX companions a ` - ` in a name is just a name.
  if (companions === 0 || runs.size === 0 || shared.length === 0) return undefined;
  const runColumn = header.includes('run') ? 'run_name' : 'run';
  return {
    header: [...shared.map((i) => header[i]), runColumn, ...metrics],
    melt(cells) {
      const rows: string[][] = [];
      for (const [run, byMetric] of runs) {
        const values = metrics.map((metric) => {
          const index = byMetric.get(metric);
          return index === undefined ? '' : (cells[index] ?? '');
        });
        if (values.every((v) => v.trim() === '')) continue;
        rows.push([...shared.map((i) => cells[i] ?? ''), run, ...values]);
      }
      return rows;
    },
  };
}
