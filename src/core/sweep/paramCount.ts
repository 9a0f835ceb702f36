/**
 * Parameter count of a Hugging Face decoder from its `config.json` — every weight and bias, embeddings
 * included (the N of Chinchilla-style fits). The formula is in README ("Sweeps"):
 *
 *   N = V·d·(tied ? 1 : 2) + P·d + L·(attention + MLP + 2 norms) + 1 norm
 *   attention = d·q + 2·d·kv + q·d  (+ q + 2·kv + d biases where the architecture has them)
 *   MLP = 3·d·i gated (Llama), 2·d·i + i + d otherwise (GPT-2, GPT-NeoX)
 *   norm = 2·d (LayerNorm: weight and bias) or d (RMSNorm)
 *
 * with q = heads·head_dim (= d), kv = kv_heads·head_dim (grouped-query attention), P learned positions
 * (GPT-2 only: rotary models have none).
 */
import { formatCount } from '../format';
import type { RunConfig } from './config';

interface Architecture {
  /** What the source names: `GPT-NeoX formula`. */
  label: string;
  gatedMlp: boolean;
  layerNorm: boolean;
  /** Biases on q, k, v / on the attention output / on the MLP. */
  qkvBias: boolean;
  outBias: boolean;
  mlpBias: boolean;
  learnedPositions: boolean;
  /** Hugging Face's default for `tie_word_embeddings` in this model's config class. */
  tiedByDefault: boolean;
}

const LLAMA: Architecture = { label: 'Llama', gatedMlp: true, layerNorm: false, qkvBias: false, outBias: false, mlpBias: false, learnedPositions: false, tiedByDefault: false };
const GPT_NEOX: Architecture = { label: 'GPT-NeoX', gatedMlp: false, layerNorm: true, qkvBias: true, outBias: true, mlpBias: true, learnedPositions: false, tiedByDefault: false };

const ARCHITECTURES = new Map<string, Architecture>([
  ['llama', LLAMA],
  ['mistral', { ...LLAMA, label: 'Mistral' }],
  ['qwen2', { ...LLAMA, label: 'Qwen2', qkvBias: true }],
  ['gpt_neox', GPT_NEOX],
  ['gpt2', { ...GPT_NEOX, label: 'GPT-2', learnedPositions: true, tiedByDefault: true }],
]);

export interface CountedParameters {
  value: number;
  source: string;
}

/** N from the architecture keys of a config, or undefined when they are not all there. */
export function countParameters(config: RunConfig): CountedParameters | undefined {
  const d = config.number('hidden_size', 'n_embd', 'd_model');
  const layers = config.number('num_hidden_layers', 'n_layer', 'num_layers');
  const vocab = config.number('vocab_size');
  if (!d || !layers || !vocab) return undefined;
  const modelType = config.text('model_type')?.value.toLowerCase();
  const known = modelType === undefined ? undefined : ARCHITECTURES.get(modelType);
  // An architecture we have no formula for is counted as GPT-NeoX-like, and the source says so.
  const arch = known ?? GPT_NEOX;
  const width = d.value;
  const heads = config.number('num_attention_heads', 'n_head')?.value;
  const headDim = config.number('head_dim')?.value ?? (heads ? width / heads : width);
  const q = heads ? heads * headDim : width;
  const kvHeads = config.number('num_key_value_heads')?.value;
  const kv = kvHeads ? kvHeads * headDim : q;
  const inner = config.number('intermediate_size', 'n_inner', 'ffn_dim')?.value ?? 4 * width;
  const tied = config.flag('tie_word_embeddings')?.value ?? arch.tiedByDefault;
  const attentionBias = config.flag('attention_bias')?.value;
  const qkvBias = attentionBias ?? arch.qkvBias;
  const outBias = attentionBias ?? arch.outBias;
  const mlpBias = config.flag('mlp_bias')?.value ?? arch.mlpBias;
  const positions = arch.learnedPositions ? (config.number('n_positions', 'max_position_embeddings')?.value ?? 0) : 0;

  const attention = 2 * width * q + 2 * width * kv + (qkvBias ? q + 2 * kv : 0) + (outBias ? width : 0);
  const mlp = arch.gatedMlp ? 3 * width * inner + (mlpBias ? 2 * inner + width : 0) : 2 * width * inner + (mlpBias ? inner + width : 0);
  const norm = arch.layerNorm ? 2 * width : width;
  const value = vocab.value * width * (tied ? 1 : 2) + positions * width + layers.value * (attention + mlp + 2 * norm) + norm;

  const formula = known ? `${arch.label} formula` : `GPT-NeoX-style formula (model_type ${modelType === undefined ? 'not given' : `'${modelType}' not known`})`;
  const parts = [`d ${width}`, `${layers.value} layers`, `vocab ${vocab.value}`, `FFN ${inner}`, tied ? 'tied embeddings' : 'untied embeddings'];
  if (kv !== q) parts.push(`${kvHeads} KV heads`);
  const file = d.source.slice(0, d.source.indexOf(':'));
  return { value, source: `${file}: ${formula} (${parts.join(', ')}) = ${formatCount(value, 4)}` };
}
