import type { Law, LawPreset } from '../law';
import { bnslLaw } from './bnsl';
import { powerLaw } from './power';
import { saturatingPowerLaw } from './saturatingPower';
import { downstreamErrorLaw } from './downstreamError';
import { sigmoidLaw } from './sigmoid';
import { lrAnnealingLaw } from './lrAnnealing';
import { chinchilla } from './chinchilla';
import { kaplanNd } from './kaplanNd';
import { kaplanCompute } from './kaplanCompute';
import { overTraining } from './overTraining';
import { precision } from './precision';
import { dataConstrained } from './dataConstrained';

/**
 * The one law registry. Each law lives in its own module and is listed here; the CLI `laws`
 * command, the quick pick, the notebook and the calculator all read this list.
 */
const LAWS: Law[] = [
  chinchilla,
  kaplanNd,
  kaplanCompute,
  overTraining,
  precision,
  dataConstrained,
  powerLaw,
  saturatingPowerLaw,
  downstreamErrorLaw,
  bnslLaw,
  sigmoidLaw,
  lrAnnealingLaw,
];

export function listLaws(): readonly Law[] {
  return LAWS;
}

export function getLaw(id: string): Law | undefined {
  return LAWS.find((law) => law.id === id);
}

export function listPresets(): LawPreset[] {
  return LAWS.flatMap((law) => law.presets);
}

export function getPreset(id: string): LawPreset | undefined {
  return listPresets().find((preset) => preset.id === id);
}
