import { plural } from '../format';
import type { FitStarts } from '../types';

/**
 * What the search did, in the words the CLI and the notebook share: "2,401 grid points, 10 polished,
 * 10 converged". Results saved before `polished` existed read `tried` as the polished count.
 */
export function describeStarts(starts: FitStarts): string {
  const polished = starts.polished ?? starts.tried;
  const parts = [...(starts.grid !== undefined ? [plural(starts.grid, 'grid point')] : []), `${polished.toLocaleString('en-US')} polished`, `${starts.converged.toLocaleString('en-US')} converged`];
  return `${parts.join(', ')}${starts.disagree ? ' (good starts disagree)' : ''}`;
}
