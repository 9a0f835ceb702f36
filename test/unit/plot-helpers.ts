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

interface SceneNode {
  marktype?: string;
  role?: string;
  items?: SceneNode[];
  text?: string;
  datum?: { value?: number };
}

/** Title → the (value, text) of every label drawn, unlabelled ticks left out. */
export async function axisLabels(spec: VegaLiteSpec, zoom: { x?: [number, number]; y?: [number, number] } = {}): Promise<Map<string, Array<{ value: number; text: string }>>> {
  // Imported when used: vega's Node build has a top-level await that tsx's CJS transform refuses.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec as never).spec), { renderer: 'none' });
  await view.runAsync();
  if (zoom.x || zoom.y) {
    // As a Ctrl + wheel does: the selection's signal per field (named after it) takes a domain, and
    // the selection stores a zoom only when both have one.
    const fields = view.signal('zoom_tuple_fields') as Array<{ field: string; channel: 'x' | 'y' }>;
    for (const { field, channel } of fields) view.signal(`zoom_${field}`, zoom[channel] ?? view.scale(channel).domain());
    await view.runAsync();
  }
  const axes = new Map<string, Array<{ value: number; text: string }>>();
  const visit = (node: SceneNode) => {
    if (node.role === 'axis') {
      for (const axis of node.items ?? []) {
        const marks = axis.items ?? [];
        const title = marks.find((m) => m.role === 'axis-title')?.items?.[0]?.text ?? '';
        const labels = marks.find((m) => m.role === 'axis-label')?.items ?? [];
        if (labels.length > 0) axes.set(title, labels.filter((l) => l.text !== '').map((l) => ({ value: l.datum!.value!, text: l.text! })));
      }
      return;
    }
    for (const child of node.items ?? []) visit(child);
  };
  visit((view.scenegraph() as unknown as { root: SceneNode }).root);
  view.finalize();
  return axes;
}
