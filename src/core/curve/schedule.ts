/**
 * The LR schedule of a run past its last logged step, inferred from the logged LR: a law that reads the
 * LR history (lr-annealing) can only forecast the end of a run whose future LR is known.
 */
import { stepOrder } from '../laws/lrAnnealing';

/** Shapes of the decay after warm-up; each ends at `floor` at the schedule's last step. */
export type ScheduleKind = 'constant' | 'linear' | 'cosine';

export interface InferredSchedule {
  kind: ScheduleKind;
  /** Step and LR where warm-up ends (the logged maximum). */
  peakStep: number;
  peak: number;
  /** LR at `end` (0 for decay to zero). */
  floor: number;
  /** The schedule's last step (the forecast target). */
  end: number;
  /** Largest |model − logged| over the logged post-warm-up rows, as a fraction of the peak LR. */
  misfit: number;
  /** The LR at a step in (peakStep, end]. */
  lrAt(step: number): number;
}

/**
 * Tolerance for accepting an inferred schedule: every logged LR after warm-up within 2 % of the peak LR
 * of the model. Schedules written by trainers (linear, cosine, constant) reproduce their own logs to
 * rounding (< 0.1 %); a WSD run's decay, a restart or a hand-tuned schedule misses by far more.
 */
export const SCHEDULE_TOLERANCE = 0.02;

/** The decay shape g(t) from 1 at the peak (t = 0) to 0 at the end (t = 1). */
const SHAPES: Record<ScheduleKind, (t: number) => number> = {
  constant: () => 1,
  linear: (t) => 1 - t,
  cosine: (t) => 0.5 * (1 + Math.cos(Math.PI * t)),
};

export type ScheduleInference = { schedule: InferredSchedule } | { reason: string };

/**
 * The best of constant, linear-to-floor and cosine-to-floor schedules from the logged LR's maximum to
 * `end`, the floor fitted by least squares (LR = peak·g + floor·(1 − g) is linear in the floor). Accepted
 * only when it reproduces every logged post-warm-up LR within SCHEDULE_TOLERANCE; otherwise the reason.
 */
export function inferSchedule(steps: ArrayLike<number>, lrs: ArrayLike<number>, end: number): ScheduleInference {
  const order = stepOrder(steps, lrs);
  if (order.length < 2) return { reason: 'the log has fewer than 2 rows with a learning rate' };
  let peakAt = 0;
  for (let k = 1; k < order.length; k++) if (lrs[order[k]] > lrs[order[peakAt]]) peakAt = k;
  const peakStep = steps[order[peakAt]];
  const peak = lrs[order[peakAt]];
  if (!(peak > 0)) return { reason: 'the logged learning rate is never positive' };
  if (!(end > peakStep)) return { reason: `the schedule's end (step ${end}) is not after the LR peak (step ${peakStep})` };
  const after = order.subarray(peakAt);
  let best: InferredSchedule | undefined;
  for (const kind of Object.keys(SHAPES) as ScheduleKind[]) {
    const shape = SHAPES[kind];
    const g = (step: number) => shape(Math.min(1, (step - peakStep) / (end - peakStep)));
    // g per logged row once: the floor's least squares and the misfit both read it.
    const gs = Float64Array.from(after, (i) => g(steps[i]));
    let num = 0;
    let den = 0;
    for (let k = 0; k < after.length; k++) {
      const w = 1 - gs[k];
      num += w * (lrs[after[k]] - peak * gs[k]);
      den += w * w;
    }
    const floor = den > 0 ? Math.min(peak, Math.max(0, num / den)) : peak;
    const lrAt = (step: number) => peak * g(step) + floor * (1 - g(step));
    let misfit = 0;
    for (let k = 0; k < after.length; k++) misfit = Math.max(misfit, Math.abs(peak * gs[k] + floor * (1 - gs[k]) - lrs[after[k]]) / peak);
    // Constant first, then linear, then cosine: a simpler shape wins a tie.
    if (!best || misfit < best.misfit - 1e-9) best = { kind, peakStep, peak, floor: kind === 'constant' ? peak : floor, end, misfit, lrAt };
  }
  if (best!.misfit > SCHEDULE_TOLERANCE) {
    return {
      reason: `no constant, linear or cosine schedule ending at step ${end} reproduces the logged LR (best: ${best!.kind}, off by ${(best!.misfit * 100).toPrecision(2)} % of the peak; tolerance ${SCHEDULE_TOLERANCE * 100} %)`,
    };
  }
  return { schedule: best! };
}

/** Points of the inferred schedule after `from` up to its end, about `count` of them (the law interpolates between). */
export function scheduleTail(schedule: InferredSchedule, from: number, count = 2000): { step: number[]; lr: number[] } {
  const stride = Math.max(1, Math.ceil((schedule.end - from) / count));
  const step: number[] = [];
  for (let s = from + stride; s < schedule.end; s += stride) step.push(s);
  step.push(schedule.end);
  return { step, lr: step.map((s) => schedule.lrAt(s)) };
}
