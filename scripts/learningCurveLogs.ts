// One synthetic training run (warmup + cosine or linear decay, loss from the LR-annealing law plus seeded
// noise) written the way real tools write it: a Hugging Face `trainer_state.json` and a W&B run-history
// CSV export. `npm run examples` writes the examples from it; tests and e2e steps write larger or partial
// runs with the same code, and "append" by writing a longer prefix of the same run (every array below is
// computed for the whole schedule, so a run logged to step 3,000 is a prefix of the one logged to 3,200).
import { seededRandom } from '../src/core/solve/random';
import { annealingAreas } from '../src/core/laws/lrAnnealing';

/** Standard normal draws (Box–Muller) from a seeded uniform source. */
export function seededNormal(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export interface CurveRunOptions {
  seed: number;
  maxSteps: number;
  warmupSteps: number;
  decay: 'cosine' | 'linear';
  peakLr: number;
  /** Optimiser steps per epoch (dataset size / global batch). */
  stepsPerEpoch: number;
  /** Sequences per step on one device (trainer_state `train_batch_size`) and the sequences per step overall. */
  deviceBatch: number;
  globalBatch: number;
  seqLen: number;
  /** Parameter count, for total_flos = 6·N·tokens (what transformers' `floating_point_ops` counts). */
  params: number;
}

export const DEFAULT_RUN: CurveRunOptions = {
  seed: 2025,
  maxSteps: 5000,
  warmupSteps: 250,
  decay: 'cosine',
  peakLr: 6e-4,
  stepsPerEpoch: 2400,
  deviceBatch: 16,
  globalBatch: 128,
  seqLen: 2048,
  params: 124_439_808,
};

/** LR-annealing law parameters (laws.md §2.10): L = L0 + A·S1^(−α) − C·S2. */
const LAW = { L0: 2.9, A: 0.35, alpha: 0.3, C: 0.8 };
/** An untrained model's loss, ln(vocabulary 50,257): the law's S1^(−α) diverges at step 0, a real curve starts here. */
const INITIAL_LOSS = Math.log(50_257);

/** A smooth min(a, b) within 0.5 of the smaller one; the law's values below 5 are unchanged to 1e-5. */
function softMin(a: number, b: number): number {
  const k = 0.5;
  const m = Math.min(a, b);
  return m - k * Math.log(Math.exp((m - a) / k) + Math.exp((m - b) / k));
}

/** The run's per-step series, index i = optimiser step i + 1. */
export interface CurveRun {
  options: CurveRunOptions;
  lr: Float64Array;
  /** Noise-free loss from the law, and the mean batch loss a trainer logs (with batch noise). */
  trueLoss: Float64Array;
  batchLoss: Float64Array;
  gradNorm: Float64Array;
  /** Seconds since the start at the end of each step. */
  clock: Float64Array;
}

/** Learning rate after `step` optimiser steps: linear warmup, then cosine or linear decay to zero (transformers' schedulers). */
function scheduleLr(o: CurveRunOptions, step: number): number {
  if (step < o.warmupSteps) return (o.peakLr * step) / o.warmupSteps;
  const progress = (step - o.warmupSteps) / Math.max(1, o.maxSteps - o.warmupSteps);
  return o.decay === 'cosine' ? o.peakLr * 0.5 * (1 + Math.cos(Math.PI * progress)) : o.peakLr * Math.max(0, 1 - progress);
}

export function curveRun(options: Partial<CurveRunOptions> = {}): CurveRun {
  const o = { ...DEFAULT_RUN, ...options };
  const n = o.maxSteps;
  // The LR the optimiser used at step s is the scheduler's value after s − 1 steps (step 1 trains at lr(1) in warmup).
  const lr = Float64Array.from({ length: n }, (_, i) => scheduleLr(o, i + 1));
  const { s1, s2 } = annealingAreas(lr);
  const noise = seededNormal(o.seed);
  const trueLoss = new Float64Array(n);
  const batchLoss = new Float64Array(n);
  const gradNorm = new Float64Array(n);
  const clock = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    trueLoss[i] = softMin(LAW.L0 + LAW.A * Math.pow(s1[i], -LAW.alpha) - LAW.C * s2[i], INITIAL_LOSS);
    batchLoss[i] = trueLoss[i] * (1 + 0.04 * noise());
    gradNorm[i] = (0.25 + 4 * Math.exp(-(i + 1) / 150)) * Math.exp(0.15 * noise());
    t += 0.41 * (1 + 0.02 * noise());
    clock[i] = t;
  }
  return { options: o, lr, trueLoss, batchLoss, gradNorm, clock };
}

/** Python's repr of a float (what json.dumps writes): shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const e = Number(exp);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) return `${sign}${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.padEnd(e + 1, '0');
  return `${sign}${whole.slice(0, e + 1)}.${whole.slice(e + 1) || '0'}`;
}

/** A value for {@link pythonJson}: bigint is a Python int, number a Python float. */
export type PyValue = null | boolean | string | number | bigint | PyValue[] | { [key: string]: PyValue };

/** `json.dumps(value, indent=2, sort_keys=True)`. */
export function pythonJson(value: PyValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return pythonFloat(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + pythonJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${pythonJson(value[k], inner)}`).join(',\n')}\n${indent}}`;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export interface TrainerLogOptions {
  /** The last optimiser step written (training entries up to it); below maxSteps while the run is going. */
  loggedSteps: number;
  loggingSteps: number;
  evalSteps: number;
  saveSteps: number;
  /** Whether the run has ended at loggedSteps (a callback stopped it): the summary entry and should_training_stop. */
  stopped: boolean;
  /** Seconds one evaluation pass takes, and its sequences. */
  evalRuntime: number;
  evalSamples: number;
}

export const DEFAULT_LOG: TrainerLogOptions = {
  loggedSteps: 3000,
  loggingSteps: 5,
  evalSteps: 250,
  saveSteps: 500,
  stopped: true,
  evalRuntime: 21.5,
  evalSamples: 2048,
};

type Entry = { [key: string]: PyValue };

function mean(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
}

/** The run's log events in the order the Trainer emits them: training logs, evaluations, then the summary. */
function logEvents(run: CurveRun, log: TrainerLogOptions): Array<{ step: number; kind: 'train' | 'eval' | 'summary'; entry: Entry }> {
  const o = run.options;
  const evalNoise = seededNormal(o.seed + 1);
  const epoch = (step: number) => step / o.stepsPerEpoch;
  const events: Array<{ step: number; kind: 'train' | 'eval' | 'summary'; entry: Entry }> = [];
  const last = Math.min(log.loggedSteps, o.maxSteps);
  for (let step = 1; step <= last; step++) {
    if (step % log.loggingSteps === 0) {
      const from = step - log.loggingSteps;
      events.push({
        step,
        kind: 'train',
        entry: {
          epoch: epoch(step),
          grad_norm: run.gradNorm[step - 1],
          learning_rate: run.lr[step - 1],
          loss: round(mean(run.batchLoss, from, step), 4),
          step: BigInt(step),
        },
      });
    }
    if (step % log.evalSteps === 0) {
      const runtime = log.evalRuntime * (1 + 0.03 * evalNoise());
      events.push({
        step,
        kind: 'eval',
        entry: {
          epoch: epoch(step),
          eval_loss: run.trueLoss[step - 1] + 0.03 + 0.004 * evalNoise(),
          eval_runtime: round(runtime, 4),
          eval_samples_per_second: round(log.evalSamples / runtime, 3),
          eval_steps_per_second: round(log.evalSamples / o.deviceBatch / 8 / runtime, 3),
          step: BigInt(step),
        },
      });
    }
  }
  if (log.stopped && last > 0) {
    const runtime = run.clock[last - 1] + (Math.floor(last / log.evalSteps) * log.evalRuntime);
    events.push({
      step: last,
      kind: 'summary',
      entry: {
        epoch: epoch(last),
        step: BigInt(last),
        total_flos: totalFlos(run, last),
        train_loss: mean(run.batchLoss, 0, last),
        train_runtime: round(runtime, 4),
        train_samples_per_second: round((last * o.globalBatch) / runtime, 3),
        train_steps_per_second: round(last / runtime, 3),
      },
    });
  }
  return events;
}

function totalFlos(run: CurveRun, steps: number): number {
  const o = run.options;
  return 6 * o.params * steps * o.globalBatch * o.seqLen;
}

/** `trainer_state.json` as `TrainerState.save_to_json` writes it (sorted keys, indent 2, trailing newline). */
export function trainerStateJson(run: CurveRun, options: Partial<TrainerLogOptions> = {}): string {
  const log = { ...DEFAULT_LOG, ...options };
  const o = run.options;
  const last = Math.min(log.loggedSteps, o.maxSteps);
  const state: Entry = {
    best_global_step: null,
    best_metric: null,
    best_model_checkpoint: null,
    epoch: last / o.stepsPerEpoch,
    eval_steps: BigInt(log.evalSteps),
    global_step: BigInt(last),
    is_hyper_param_search: false,
    is_local_process_zero: true,
    is_world_process_zero: true,
    log_history: logEvents(run, log).map((e) => e.entry),
    logging_steps: BigInt(log.loggingSteps),
    max_steps: BigInt(o.maxSteps),
    num_input_tokens_seen: 0n,
    num_train_epochs: BigInt(Math.ceil(o.maxSteps / o.stepsPerEpoch)),
    save_steps: BigInt(log.saveSteps),
    stateful_callbacks: {
      TrainerControl: {
        args: { should_epoch_stop: false, should_evaluate: false, should_log: false, should_save: true, should_training_stop: log.stopped },
        attributes: {},
      },
    },
    total_flos: totalFlos(run, last),
    train_batch_size: BigInt(o.deviceBatch),
    trial_name: null,
    trial_params: null,
  };
  return `${pythonJson(state)}\n`;
}

const WANDB_COLUMNS = [
  '_step', '_runtime', '_timestamp', 'train/epoch', 'train/global_step', 'train/grad_norm', 'train/learning_rate', 'train/loss',
  'train/num_input_tokens_seen', 'eval/loss', 'eval/runtime', 'eval/samples_per_second', 'eval/steps_per_second',
] as const;

/**
 * The run's history as W&B's CSV export writes it: one row per `wandb.log` call (`_step` counts calls, not
 * optimiser steps), the Trainer's keys under `train/` and `eval/`, evaluations on rows of their own with
 * empty training cells. The W&B integration logs the token count because `include_num_input_tokens_seen` is on.
 */
export function wandbHistoryCsv(run: CurveRun, options: Partial<TrainerLogOptions> = {}, startTime = 1_733_097_600): string {
  const log = { ...DEFAULT_LOG, ...options, stopped: false };
  const o = run.options;
  const lines = [WANDB_COLUMNS.join(',')];
  let evals = 0;
  logEvents(run, log).forEach(({ step, kind, entry }, call) => {
    if (kind === 'eval') evals++;
    const runtime = run.clock[step - 1] + evals * log.evalRuntime;
    const cell: Partial<Record<(typeof WANDB_COLUMNS)[number], string>> = {
      _step: String(call),
      _runtime: pythonFloat(round(runtime, 6)),
      _timestamp: pythonFloat(round(startTime + runtime, 6)),
      'train/epoch': pythonFloat(entry.epoch as number),
      'train/global_step': String(step),
    };
    if (kind === 'train') {
      cell['train/grad_norm'] = pythonFloat(entry.grad_norm as number);
      cell['train/learning_rate'] = pythonFloat(entry.learning_rate as number);
      cell['train/loss'] = pythonFloat(entry.loss as number);
      cell['train/num_input_tokens_seen'] = String(step * o.globalBatch * o.seqLen);
    } else {
      cell['eval/loss'] = pythonFloat(entry.eval_loss as number);
      cell['eval/runtime'] = pythonFloat(entry.eval_runtime as number);
      cell['eval/samples_per_second'] = pythonFloat(entry.eval_samples_per_second as number);
      cell['eval/steps_per_second'] = pythonFloat(entry.eval_steps_per_second as number);
    }
    lines.push(WANDB_COLUMNS.map((c) => cell[c] ?? '').join(','));
  });
  return `${lines.join('\n')}\n`;
}
