import { isMap, isScalar, parseDocument } from 'yaml';
import { scalar } from './format';
import { yamlTooDeep } from './nesting';

/**
 * A spec's `data:` value as written, and the spec text with only that value replaced (the rest of the
 * cell, comments and layout included, kept as the user wrote it). Used when a notebook moves and its
 * relative `data:` must be rewritten; undefined when the cell has no plain string `data:`.
 */
export function specData(text: string): { value: string; replace: (data: string) => string } | undefined {
  if (yamlTooDeep(text)) return undefined;
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === 'data');
  const node = pair?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const [start, end] = node.range;
  return { value: node.value, replace: (data) => `${text.slice(0, start)}${scalar(data)}${text.slice(end)}` };
}
