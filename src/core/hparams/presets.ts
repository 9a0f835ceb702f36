import type { HparamLaw } from './law';

/** A published hyperparameter law, tagged as laws.md tags numbers ([R] reproduced, [S] upstream, [U] unverified). */
export interface HparamPreset {
  id: string;
  name: string;
  law: HparamLaw;
  source: string;
  status: 'R' | 'S' | 'U';
  note: string;
}

export const HPARAM_PRESETS: readonly HparamPreset[] = [
  {
    id: 'steplaw-2025',
    name: 'Step Law (Li et al. 2025)',
    law: { lr: { coef: 1.79, expN: -0.713, expD: 0.307 }, bs: { coef: 0.58, expD: 0.571 } },
    source: 'Li et al. 2025, Predictable Scale: Part I — Optimal Hyperparameter Scaling Law in LLM Pretraining',
    status: 'S',
    note:
      'Fitted on dense transformers (N 2e8–1e9 in the public sweep, D 4e9–1e11), AdamW, bs in tokens. Its loss penalty on the ' +
      'public sweep (mean 0.096 %, max 0.310 % over 17 groups) is reproduced by this engine (RR-15).',
  },
  {
    id: 'deepseek-2024',
    name: 'DeepSeek LLM (2024)',
    law: { lr: { coef: 0.3118, expC: -0.125 }, bs: { coef: 0.292, expC: 0.3271 } },
    source: 'DeepSeek-AI 2024, DeepSeek LLM: Scaling Open-Source Language Models with Longtermism',
    status: 'U',
    note:
      'Unverified: the paper was not available to check here. Its C is non-embedding FLOPs (M·D, M = FLOPs per token), ' +
      'not 6ND; this preset evaluates it at C = 6ND, which counts embeddings and leaves out attention, unlike M·D.',
  },
];

export function hparamPreset(id: string): HparamPreset | undefined {
  return HPARAM_PRESETS.find((p) => p.id === id);
}
