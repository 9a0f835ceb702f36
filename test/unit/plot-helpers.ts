import type { VegaLiteSpec } from '../../src/core/plot';

/** Vega-Lite's warnings (and errors) compiling a spec: every spec the product writes compiles without any. */
export async function compileWarnings(spec: VegaLiteSpec): Promise<string[]> {
  const { compile } = await import('vega-lite');
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
    error: (...args: unknown[]) => (warnings.push(`error: ${args.join(' ')}`), logger),
  };
  compile(spec as never, { logger: logger as never });
  return warnings;
}
