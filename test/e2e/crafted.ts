// A run log whose file name and N column carry markup, a script and a command link (issue 9 items 1–4),
// written into the test workspace at run time (such names are not committed: Windows and some tools
// refuse them). Mode A (suite/escape.test.ts) and Mode B (uiEscapeSteps.ts) fit it and look at every sink.

/** Runs the integrated terminal if a notification or markdown ever turned it into a live link. */
export const COMMAND_LINK = '[Show details](command:workbench.action.terminal.new)';
export const IMG = `<img src=x onerror='alert(1)'>`;
/** Still detected as the N column ("params"). */
export const CRAFTED_COLUMN = `${IMG} ${COMMAND_LINK} params`;
/** Windows forbids < > : in file names; there the name keeps only the link brackets. */
export const CRAFTED_FILE = process.platform === 'win32' ? `${COMMAND_LINK.replace(':', '_')} img.csv` : `${COMMAND_LINK} ${IMG.replace(/'/g, '')}.csv`;

/** examples/chinchilla-sweep.csv (its header is `run,params,tokens,flops,loss`) with the crafted N column. */
export function craftedCsv(sweep: string): string {
  const [header, ...rows] = sweep.split('\n');
  if (!header.startsWith('run,params,')) throw new Error(`unexpected chinchilla-sweep.csv header: ${header}`);
  return [header.replace('params', `"${CRAFTED_COLUMN.replace(/"/g, '""')}"`), ...rows].join('\n');
}
