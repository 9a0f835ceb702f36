/**
 * A run's config file (Hugging Face `config.json`, Lightning `hparams.yaml`, any JSON/YAML of
 * hyperparameters) as a key lookup. Nested sections are searched too (`model: {n_params: …}`,
 * `training: {seq_len: …}`), shallowest first, because every framework nests differently.
 */
import { parse as parseYaml } from 'yaml';
import { MAX_JSON_DEPTH } from '../limits';
import { quoteText } from '../quote';

export interface ConfigText {
  /** The file's name as the user knows it (`config.json`), for sources and messages. */
  name: string;
  text: string;
}

/** A config value found under one of several keys, and where. */
export interface ConfigValue<T> {
  value: T;
  /** `config.json: hidden_size`. */
  source: string;
}

export class RunConfig {
  /** key (lower case) → shallowest value, first file first. */
  private readonly values = new Map<string, { value: unknown; file: string; key: string; depth: number }>();

  constructor(
    readonly files: readonly ConfigText[],
    /** Configs that could not be read, as messages. */
    readonly problems: string[] = [],
  ) {
    for (const file of files) {
      const root = readConfigText(file, problems);
      if (root !== undefined) this.collect(root, file.name, 0);
    }
  }

  private collect(node: unknown, file: string, depth: number): void {
    if (depth > MAX_JSON_DEPTH || node === null || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const lower = key.toLowerCase();
      const known = this.values.get(lower);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) this.collect(value, file, depth + 1);
      else if (!known || known.depth > depth) this.values.set(lower, { value, file, key, depth });
    }
  }

  /** Whether any of `keys` is present (even as null, which Hugging Face writes for "use the default"). */
  has(...keys: string[]): boolean {
    return keys.some((k) => this.values.has(k));
  }

  /** The first of `keys` holding a finite positive number (or a numeric string such as `"7B"`). */
  number(...keys: string[]): ConfigValue<number> | undefined {
    for (const key of keys) {
      const hit = this.values.get(key);
      const value = typeof hit?.value === 'number' ? hit.value : typeof hit?.value === 'string' ? readCount(hit.value) : undefined;
      if (hit && value !== undefined && Number.isFinite(value) && value > 0) return { value, source: `${hit.file}: ${hit.key}` };
    }
    return undefined;
  }

  text(...keys: string[]): ConfigValue<string> | undefined {
    for (const key of keys) {
      const hit = this.values.get(key);
      if (hit && typeof hit.value === 'string') return { value: hit.value, source: `${hit.file}: ${hit.key}` };
    }
    return undefined;
  }

  flag(...keys: string[]): ConfigValue<boolean> | undefined {
    for (const key of keys) {
      const hit = this.values.get(key);
      if (hit && typeof hit.value === 'boolean') return { value: hit.value, source: `${hit.file}: ${hit.key}` };
    }
    return undefined;
  }
}

const COUNT = /^\s*(\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*([kmbt])?\s*$/i;
const COUNT_SCALE: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** `"7B"`, `"1.3e9"`, `"125M"` as a number; undefined for anything else. */
function readCount(text: string): number | undefined {
  const m = COUNT.exec(text);
  return m ? Number(m[1]) * (m[2] ? COUNT_SCALE[m[2].toLowerCase()] : 1) : undefined;
}

function readConfigText(file: ConfigText, problems: string[]): unknown {
  try {
    // JSON is YAML too, but JSON.parse is exact on numbers and far faster on a large config.
    return file.text.trimStart().startsWith('{') ? JSON.parse(file.text) : parseYaml(file.text, { maxAliasCount: 100 });
  } catch (error) {
    problems.push(`${quoteText(file.name)} could not be read as JSON or YAML (${quoteText(error instanceof Error ? error.message : String(error), 120)}): not used`);
    return undefined;
  }
}
