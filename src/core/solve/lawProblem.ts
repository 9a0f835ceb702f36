import type { Law, ParamSpec } from '../law';
import type { LawInputs, ObjectiveKind } from '../types';
import type { LossKind, ResidualProblem } from './localOptimizer';
import { isHuberObjective, isLogObjective } from './objectives';

/** Where residuals live for an objective: r = g(ŷ) − g(y). */
export type ResidualSpace = 'raw' | 'log' | 'log1p';

export function residualSpace(kind: ObjectiveKind): ResidualSpace {
  if (isLogObjective(kind)) return 'log';
  return kind === 'mse-log1p' ? 'log1p' : 'raw';
}

/** The smooth loss of an objective, or undefined for the non-smooth asymmetric one. */
export function smoothLoss(kind: ObjectiveKind): LossKind | undefined {
  if (kind === 'asymmetric') return undefined;
  return isHuberObjective(kind) ? 'huber' : 'square';
}

/**
 * Any law as a residual problem in internal coordinates t: tⱼ = ln pⱼ for log-scale parameters,
 * pⱼ otherwise (so decade-spanning coefficients stay positive and well scaled). The Jacobian is the
 * law's analytic one when it has one, central differences otherwise, chained through g and the log map.
 */
export class LawProblem implements ResidualProblem {
  readonly nParams: number;
  readonly nRows: number;
  private readonly natural: Float64Array;
  private readonly yHat: Float64Array;
  private readonly dyHat: Float64Array;
  private readonly gy: Float64Array;
  private readonly bumped: Float64Array;

  constructor(
    private readonly law: Law,
    readonly specs: readonly ParamSpec[],
    private readonly x: LawInputs,
    y: Float64Array,
    private readonly space: ResidualSpace,
  ) {
    this.nParams = specs.length;
    this.nRows = y.length;
    this.natural = new Float64Array(this.nParams);
    this.yHat = new Float64Array(this.nRows);
    this.dyHat = new Float64Array(this.nRows * this.nParams);
    this.bumped = new Float64Array(this.nRows);
    this.gy = y.map((v) => transform(space, v));
  }

  /** Internal → natural parameters. */
  toNatural(t: ArrayLike<number>, out: Float64Array = new Float64Array(this.nParams)): Float64Array {
    for (let j = 0; j < this.nParams; j++) out[j] = this.specs[j].logScale ? Math.exp(t[j]) : t[j];
    return out;
  }

  /** Natural → internal parameters. */
  toInternal(p: ArrayLike<number>): Float64Array {
    const t = new Float64Array(this.nParams);
    for (let j = 0; j < this.nParams; j++) t[j] = this.specs[j].logScale ? Math.log(p[j]) : p[j];
    return t;
  }

  residuals(t: Float64Array, r: Float64Array, jac: Float64Array | null): boolean {
    const p = this.toNatural(t, this.natural);
    const { yHat, space } = this;
    this.law.predict(p, this.x, yHat);
    for (let i = 0; i < this.nRows; i++) {
      r[i] = transform(space, yHat[i]) - this.gy[i];
      if (!Number.isFinite(r[i])) return false;
    }
    if (!jac) return true;
    const m = this.nParams;
    if (this.law.jacobian) this.law.jacobian(p, this.x, this.dyHat);
    else this.finiteDifferences(p);
    for (let i = 0; i < this.nRows; i++) {
      const dg = space === 'log' ? 1 / yHat[i] : space === 'log1p' ? 1 / (1 + yHat[i]) : 1;
      for (let j = 0; j < m; j++) {
        const chain = this.specs[j].logScale ? p[j] : 1;
        const v = this.dyHat[i * m + j] * dg * chain;
        jac[i * m + j] = Number.isFinite(v) ? v : 0;
      }
    }
    return true;
  }

  /** Central differences for laws without an analytic Jacobian. */
  private finiteDifferences(p: Float64Array): void {
    const m = this.nParams;
    for (let j = 0; j < m; j++) {
      const saved = p[j];
      const h = 1e-6 * Math.max(Math.abs(saved), 1e-3);
      p[j] = saved + h;
      this.law.predict(p, this.x, this.bumped);
      for (let i = 0; i < this.nRows; i++) this.dyHat[i * m + j] = this.bumped[i];
      p[j] = saved - h;
      this.law.predict(p, this.x, this.bumped);
      for (let i = 0; i < this.nRows; i++) this.dyHat[i * m + j] = (this.dyHat[i * m + j] - this.bumped[i]) / (2 * h);
      p[j] = saved;
    }
  }
}

function transform(space: ResidualSpace, v: number): number {
  return space === 'log' ? Math.log(v) : space === 'log1p' ? Math.log1p(v) : v;
}
