/**
 * Accelerator presets and the budget conversions of laws.md §3:
 * GPU-hours × peak FLOP/s × MFU × 3600 = training FLOPs.
 * Peaks are dense (no 2:4 sparsity) BF16 tensor throughput per device, from vendor spec sheets.
 */
import { UserError } from '../types';

export interface GpuSpec {
  id: string;
  name: string;
  /** Peak dense BF16 FLOP/s per device. */
  peakFlops: number;
}

/** Model FLOPs utilisation assumed when the user gives none (typical of well-tuned large runs). */
export const DEFAULT_MFU = 0.4;

export const GPU_PRESETS: readonly GpuSpec[] = [
  // NVIDIA A100 datasheet: BF16 tensor 312 TFLOPS dense (624 with sparsity), SXM and PCIe alike.
  { id: 'a100', name: 'NVIDIA A100', peakFlops: 312e12 },
  // NVIDIA H100 SXM datasheet: BF16 tensor 1,979 TFLOPS "with sparsity"; dense is half = 989.4.
  { id: 'h100', name: 'NVIDIA H100 SXM', peakFlops: 989e12 },
  // NVIDIA H200 (same GH100 silicon as H100 SXM, more HBM): BF16 1,979 TFLOPS with sparsity → 989 dense.
  { id: 'h200', name: 'NVIDIA H200 SXM', peakFlops: 989e12 },
  // NVIDIA HGX B200 spec table: FP16/BF16 tensor 4.5 PFLOPS with sparsity per GPU → 2.25 PFLOPS dense
  // (1,000 W configuration; the GB200 part at 1,200 W is quoted at 5 PFLOPS sparse / 2.5 dense).
  { id: 'b200', name: 'NVIDIA B200 (HGX)', peakFlops: 2.25e15 },
  // AMD Instinct MI300X data sheet: peak BF16 1,307.4 TFLOPS dense (2,614.9 with structured sparsity).
  { id: 'mi300x', name: 'AMD Instinct MI300X', peakFlops: 1307.4e12 },
  // Google Cloud TPU v5p docs: "Peak compute per chip (bf16) 459 TFLOPs".
  { id: 'tpu-v5p', name: 'Google TPU v5p (per chip)', peakFlops: 459e12 },
];

/** A preset by id or name (case-insensitive, ignoring spaces, dashes and a trailing "sxm"). */
export function getGpu(idOrName: string): GpuSpec | undefined {
  const key = normaliseGpuName(idOrName);
  return GPU_PRESETS.find((gpu) => normaliseGpuName(gpu.id) === key || normaliseGpuName(gpu.name) === key);
}

function normaliseGpuName(name: string): string {
  return name
    .toLowerCase()
    .replace(/^(nvidia|amd instinct|amd|google)\s+/, '')
    .replace(/[\s_-]+/g, '')
    .replace(/sxm$/, '');
}

/** Throughput actually delivered by one device. */
export interface Hardware {
  gpu: GpuSpec;
  mfu: number;
  /** Device count, when known (needed for wall-clock time). */
  gpus?: number;
}

const SECONDS_PER_HOUR = 3600;
const HOURS_PER_DAY = 24;

export function resolveHardware(gpu: string | GpuSpec, mfu = DEFAULT_MFU, gpus?: number): Hardware {
  const spec = typeof gpu === 'string' ? getGpu(gpu) : gpu;
  if (!spec) {
    const known = GPU_PRESETS.map((g) => g.id).join(', ');
    throw new UserError(`unknown GPU '${String(gpu)}' (known: ${known})`, 'unknown-gpu');
  }
  if (!(spec.peakFlops > 0) || !Number.isFinite(spec.peakFlops)) {
    throw new UserError(`GPU peak FLOP/s must be a positive number (got ${spec.peakFlops})`, 'bad-gpu');
  }
  if (!(mfu > 0 && mfu <= 1)) throw new UserError(`MFU must be in (0, 1] (got ${mfu})`, 'bad-mfu');
  if (gpus !== undefined && !(gpus > 0 && Number.isFinite(gpus))) {
    throw new UserError(`GPU count must be positive (got ${gpus})`, 'bad-gpu-count');
  }
  return { gpu: spec, mfu, gpus };
}

export function flopsFromGpuHours(gpuHours: number, hw: Hardware): number {
  return gpuHours * hw.gpu.peakFlops * hw.mfu * SECONDS_PER_HOUR;
}

export function gpuHoursFromFlops(flops: number, hw: Hardware): number {
  return flops / (hw.gpu.peakFlops * hw.mfu * SECONDS_PER_HOUR);
}

export function gpuHoursFromCluster(gpus: number, days: number): number {
  return gpus * days * HOURS_PER_DAY;
}

export function wallClockDays(gpuHours: number, gpus: number): number {
  return gpuHours / (gpus * HOURS_PER_DAY);
}

/** GPU-hours, wall-clock and cost of a training run of `flops` on the given hardware. */
export interface RunCost {
  gpuHours?: number;
  wallClockDays?: number;
  cost?: number;
}

export function runCost(flops: number, hw?: Hardware, pricePerGpuHour?: number): RunCost {
  if (!hw) return {};
  const gpuHours = gpuHoursFromFlops(flops, hw);
  return {
    gpuHours,
    ...(hw.gpus !== undefined ? { wallClockDays: wallClockDays(gpuHours, hw.gpus) } : {}),
    ...(pricePerGpuHour !== undefined ? { cost: gpuHours * pricePerGpuHour } : {}),
  };
}
