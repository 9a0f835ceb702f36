/** Runs a CLI command in-process and returns its exit code and what it wrote to stdout. */
export async function runCaptured(run: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stdout.write;
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await run(argv), stdout };
  } finally {
    process.stdout.write = write;
  }
}
