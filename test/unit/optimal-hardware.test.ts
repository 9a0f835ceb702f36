// Budget conversions (laws.md §3: GPU-hours × peak × MFU × 3600 = C) and GPU presets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_MFU,
  flopsFromGpuHours,
  getGpu,
  GPU_PRESETS,
  gpuHoursFromCluster,
  gpuHoursFromFlops,
  resolveHardware,
  runCost,
  wallClockDays,
} from '../../src/core/optimal/hardware';
import { UserError } from '../../src/core/types';
import { assertRel } from './optimal-helpers';

describe('GPU presets', () => {
  it('peak dense BF16 FLOP/s from the spec sheets', () => {
    const peaks: Record<string, number> = { a100: 312e12, h100: 989e12, h200: 989e12, b200: 2.25e15, mi300x: 1307.4e12, 'tpu-v5p': 459e12 };
    for (const [id, peak] of Object.entries(peaks)) assert.equal(getGpu(id)?.peakFlops, peak, id);
    assert.equal(GPU_PRESETS.length, Object.keys(peaks).length);
  });

  it('names are matched loosely', () => {
    assert.equal(getGpu('H100')?.id, 'h100');
    assert.equal(getGpu('NVIDIA H100 SXM')?.id, 'h100');
    assert.equal(getGpu('H100-SXM')?.id, 'h100');
    assert.equal(getGpu('MI300X')?.id, 'mi300x');
    assert.equal(getGpu('TPU v5p')?.id, 'tpu-v5p');
    assert.equal(getGpu('V100'), undefined);
  });

  it('bad hardware is a UserError', () => {
    assert.throws(() => resolveHardware('V100'), UserError);
    assert.throws(() => resolveHardware('h100', 0), UserError);
    assert.throws(() => resolveHardware('h100', 1.5), UserError);
    assert.throws(() => resolveHardware({ id: 'x', name: 'x', peakFlops: Number.NaN }), UserError);
    assert.throws(() => resolveHardware('h100', 0.4, -1), UserError);
  });
});

describe('conversions', () => {
  it('1,000 H100-hours at MFU 0.4 = 1000 × 989e12 × 0.4 × 3600 FLOPs', () => {
    const hw = resolveHardware('h100');
    assert.equal(hw.mfu, DEFAULT_MFU);
    assertRel(flopsFromGpuHours(1000, hw), 1.42416e21, 1e-12, 'C');
  });

  it('FLOPs ↔ GPU-hours round-trips for every preset and several MFUs', () => {
    for (const gpu of GPU_PRESETS) {
      for (const mfu of [0.2, 0.4, 0.55]) {
        const hw = resolveHardware(gpu.id, mfu);
        for (const C of [1e18, 5.76e23, 3e25]) assertRel(flopsFromGpuHours(gpuHoursFromFlops(C, hw), hw), C, 1e-12, gpu.id);
      }
    }
  });

  it('cluster time, wall-clock and cost', () => {
    assert.equal(gpuHoursFromCluster(512, 30), 512 * 30 * 24);
    assert.equal(wallClockDays(gpuHoursFromCluster(512, 30), 512), 30);
    const hw = resolveHardware('a100', 0.5, 1024);
    const cost = runCost(flopsFromGpuHours(10_000, hw), hw, 2.5);
    assertRel(cost.gpuHours as number, 10_000, 1e-12, 'GPU-hours');
    assertRel(cost.wallClockDays as number, 10_000 / (1024 * 24), 1e-12, 'days');
    assertRel(cost.cost as number, 25_000, 1e-12, 'cost');
    assert.deepEqual(runCost(1e20), {});
    assert.equal(runCost(1e20, resolveHardware('a100')).wallClockDays, undefined, 'no GPU count → no wall-clock');
  });
});
