/**
 * The calculator's input form, built from a declarative field list: each field is a labelled control
 * with an inline error (aria-invalid + aria-describedby) and a rule saying when it is shown.
 */
import { HPARAM_PRESETS } from '../src/core/hparams/presets';
import { GPU_PRESETS } from '../src/core/optimal/hardware';
import { planPresetIds } from '../src/core/optimal/plan';
import type { CalculatorField, CalculatorFits, CalculatorInputs } from '../src/shared/messages';
import { chosenFit, type FieldErrors, peakTflopsOf, presetLabel, presetLawId, presetParams } from './calculatorModel';

type InputKey = Exclude<keyof CalculatorInputs, 'customParams'>;

interface FieldSpec {
  name: InputKey;
  label: string | ((inputs: CalculatorInputs) => string);
  /** Options of a select (the fit list changes while the page is open); a text input otherwise. */
  options?: (fits: CalculatorFits | undefined, inputs: CalculatorInputs) => Array<[value: string, label: string]>;
  placeholder?: string;
  hint?: string;
  visible?: (inputs: CalculatorInputs, lawId: string | undefined) => boolean;
}

const NUMBER_HINT = 'e.g. 3e24, 70B, 1.4T, 2,000';

const SECTIONS: Array<{ title: string; fields: FieldSpec[] }> = [
  {
    title: 'Budget',
    fields: [
      {
        name: 'budgetKind',
        label: 'Budget as',
        options: () => [
          ['flops', 'Training FLOPs'],
          ['gpu-hours', 'GPU-hours'],
          ['cluster', 'GPUs × days'],
        ],
        visible: (i) => i.mode !== 'target-loss',
      },
      { name: 'flops', label: 'Compute (FLOPs)', hint: NUMBER_HINT, visible: (i) => i.mode !== 'target-loss' && i.budgetKind === 'flops' },
      { name: 'gpuHours', label: 'GPU-hours', hint: NUMBER_HINT, visible: (i) => i.mode !== 'target-loss' && i.budgetKind === 'gpu-hours' },
      { name: 'gpus', label: (i) => (i.budgetKind === 'cluster' && i.mode !== 'target-loss' ? 'GPUs' : 'GPUs (optional, for wall-clock)'), placeholder: 'e.g. 1,024' },
      { name: 'days', label: 'Days', visible: (i) => i.mode !== 'target-loss' && i.budgetKind === 'cluster' },
    ],
  },
  {
    title: 'Hardware',
    fields: [
      { name: 'gpu', label: 'GPU', options: () => GPU_PRESETS.map((g) => [g.id, g.name]) },
      { name: 'peakTflops', label: 'Peak dense BF16 TFLOP/s (per GPU)' },
      { name: 'mfu', label: 'MFU', hint: 'fraction or percent: 0.4, 40%' },
      { name: 'price', label: 'Price per GPU-hour (optional)', placeholder: 'e.g. 2.50' },
    ],
  },
  {
    title: 'Law',
    fields: [
      {
        name: 'lawSource',
        label: 'Law from',
        options: () => [
          ['preset', 'Published preset'],
          ['current-fit', 'A fit in this workspace'],
          ['custom', 'Custom constants'],
        ],
      },
      { name: 'fit', label: 'Fit', options: fitOptions, visible: (i) => i.lawSource === 'current-fit' },
      { name: 'preset', label: (i) => (i.lawSource === 'custom' ? 'Law and starting values' : 'Preset'), options: () => planPresetIds().map((id) => [id, `${id} — ${presetLabel(id)}`]), visible: (i) => i.lawSource !== 'current-fit' },
      { name: 'uniqueTokens', label: 'Unique tokens U', hint: NUMBER_HINT, visible: (_i, lawId) => lawId === 'data-constrained' },
    ],
  },
  {
    title: 'Mode',
    fields: [
      {
        name: 'mode',
        label: 'Plan',
        options: () => [
          ['compute-optimal', 'Compute-optimal'],
          ['inference-aware', 'Inference-aware (Sardana et al.)'],
          ['fixed-ratio', 'Fixed tokens per parameter'],
          ['target-loss', 'Compute needed to reach a loss'],
        ],
      },
      { name: 'inferenceTokens', label: 'Lifetime inference tokens', hint: NUMBER_HINT, visible: (i) => i.mode === 'inference-aware' },
      { name: 'tokensPerParam', label: 'Tokens per parameter', visible: (i) => i.mode === 'fixed-ratio' },
      { name: 'targetLoss', label: 'Target loss', visible: (i) => i.mode === 'target-loss' },
    ],
  },
  {
    title: 'Learning rate and batch size',
    fields: [
      {
        name: 'hparams',
        label: 'Hyperparameter law',
        options: () => [
          ...HPARAM_PRESETS.map((p): [string, string] => [p.id, `${p.name}${p.status === 'U' ? ' (unverified)' : ''}`]),
          ['custom', 'Your own fit (constants)'],
          ['none', 'None'],
        ],
      },
      { name: 'lrCoef', label: 'lr* coefficient a', hint: 'lr* = a · N^α · D^β (scaling-laws hparams prints them)', visible: (i) => i.hparams === 'custom' },
      { name: 'lrExpN', label: 'lr* exponent α of N', visible: (i) => i.hparams === 'custom' },
      { name: 'lrExpD', label: 'lr* exponent β of D', visible: (i) => i.hparams === 'custom' },
      { name: 'bsCoef', label: 'bs* coefficient b', hint: 'bs* = b · D^γ tokens', visible: (i) => i.hparams === 'custom' },
      { name: 'bsExpD', label: 'bs* exponent γ of D', visible: (i) => i.hparams === 'custom' },
      { name: 'seqLen', label: 'Sequence length (tokens)', hint: 'batch size in sequences of this length', visible: (i) => i.hparams !== 'none' },
    ],
  },
];

/** "Follow the active file" first, then every stored fit; a chosen fit that is gone stays listed as gone. */
function fitOptions(fits: CalculatorFits | undefined, inputs: CalculatorInputs): Array<[string, string]> {
  const list = fits?.list ?? [];
  const active = list.find((fit) => fit.id === fits?.active);
  const options: Array<[string, string]> = [['', `Active file's fit${active ? `: ${active.label}` : ' (none yet)'}`], ...list.map((fit): [string, string] => [fit.id, fit.label])];
  if (inputs.fit && !list.some((fit) => fit.id === inputs.fit)) options.push([inputs.fit, 'A fit no longer stored']);
  return options;
}

export class CalculatorForm {
  readonly element: HTMLFormElement;
  private readonly controls = new Map<InputKey, { wrapper: HTMLElement; label: HTMLLabelElement; control: HTMLInputElement | HTMLSelectElement; spec: FieldSpec; optionKey?: string }>();
  private readonly errors = new Map<string, HTMLElement>();
  private readonly paramsBox: HTMLElement;
  private readonly fitNote: HTMLElement;
  private paramKeys = '';

  constructor(
    private readonly doc: Document,
    private inputs: CalculatorInputs,
    private readonly onChange: (inputs: CalculatorInputs) => void,
  ) {
    this.element = doc.createElement('form');
    this.element.id = 'calculator';
    this.element.setAttribute('aria-label', 'Compute-optimal calculator inputs');
    this.element.addEventListener('submit', (event) => event.preventDefault());
    this.paramsBox = doc.createElement('div');
    this.paramsBox.className = 'params';
    this.fitNote = doc.createElement('p');
    this.fitNote.className = 'note';
    this.fitNote.id = 'fit-note';
    for (const section of SECTIONS) {
      const fieldset = doc.createElement('fieldset');
      const legend = doc.createElement('legend');
      legend.textContent = section.title;
      fieldset.append(legend, ...section.fields.map((spec) => this.field(spec)));
      if (section.title === 'Law') fieldset.append(this.fitNote, this.paramsBox);
      this.element.append(fieldset);
    }
  }

  /** Shows `inputs` (after a restore or a test hook) without firing onChange. */
  setInputs(inputs: CalculatorInputs, fits: CalculatorFits | undefined): void {
    this.inputs = inputs;
    this.refresh(fits);
    for (const [name, { control }] of this.controls) {
      if (control.value !== inputs[name]) control.value = inputs[name];
    }
  }

  /** Select options, field visibility, dynamic labels, custom constants and the fit note. */
  refresh(fits: CalculatorFits | undefined): void {
    const inputs = this.inputs;
    const fit = chosenFit(inputs, fits);
    const lawId = inputs.lawSource === 'current-fit' ? fit?.law.id : presetLawId(inputs.preset);
    for (const entry of this.controls.values()) {
      const { wrapper, label, spec, control } = entry;
      if (spec.options && control instanceof HTMLSelectElement) {
        const options = spec.options(fits, inputs);
        const key = JSON.stringify(options);
        if (key !== entry.optionKey) {
          entry.optionKey = key;
          control.replaceChildren(...options.map(([value, text]) => new Option(text, value)));
          control.value = inputs[spec.name];
        }
      }
      wrapper.hidden = !(spec.visible?.(inputs, lawId) ?? true);
      if (typeof spec.label === 'function') label.textContent = spec.label(inputs);
    }
    this.fitNote.hidden = inputs.lawSource !== 'current-fit' || (fits?.list.length ?? 0) > 0;
    this.fitNote.textContent = 'No fit yet: fit a run log or run a notebook fit.';
    this.renderParams();
  }

  showErrors(errors: FieldErrors): void {
    for (const [field, box] of this.errors) {
      const message = errors[field as CalculatorField];
      box.textContent = message ?? '';
      box.hidden = !message;
      const control = field.startsWith('param:') ? this.paramsBox.querySelector(`[data-param="${field.slice(6)}"]`) : this.controls.get(field as InputKey)?.control;
      if (message) control?.setAttribute('aria-invalid', 'true');
      else control?.removeAttribute('aria-invalid');
    }
  }

  private field(spec: FieldSpec): HTMLElement {
    const doc = this.doc;
    const wrapper = doc.createElement('div');
    wrapper.className = 'field';
    const id = `in-${spec.name}`;
    const label = doc.createElement('label');
    label.htmlFor = id;
    label.textContent = typeof spec.label === 'string' ? spec.label : spec.label(this.inputs);
    let control: HTMLInputElement | HTMLSelectElement;
    if (spec.options) {
      // Its options come with the first refresh, when the fit list is known.
      control = doc.createElement('select');
    } else {
      const input = doc.createElement('input');
      input.type = 'text';
      input.inputMode = 'decimal';
      input.spellcheck = false;
      input.autocomplete = 'off';
      if (spec.placeholder ?? spec.hint) input.placeholder = spec.placeholder ?? spec.hint ?? '';
      control = input;
    }
    control.id = id;
    control.name = spec.name;
    control.value = this.inputs[spec.name];
    control.addEventListener(spec.options ? 'change' : 'input', () => this.changed(spec.name, control.value));
    wrapper.append(label, control, this.errorBox(spec.name, control));
    this.controls.set(spec.name, { wrapper, label, control, spec });
    return wrapper;
  }

  private errorBox(field: string, control: HTMLElement): HTMLElement {
    const box = this.doc.createElement('div');
    box.className = 'error';
    box.id = `err-${field.replace(':', '-')}`;
    box.hidden = true;
    control.setAttribute('aria-describedby', box.id);
    this.errors.set(field, box);
    return box;
  }

  private changed(name: InputKey, value: string): void {
    const next: CalculatorInputs = { ...this.inputs, [name]: value };
    if (name === 'gpu') next.peakTflops = peakTflopsOf(value);
    if (name === 'preset' || (name === 'lawSource' && value === 'custom')) next.customParams = presetParams(next.preset);
    this.inputs = next;
    if (name === 'gpu') this.controls.get('peakTflops')!.control.value = next.peakTflops;
    this.onChange(next);
  }

  /** One text field per constant of the chosen law (custom constants only). */
  private renderParams(): void {
    const show = this.inputs.lawSource === 'custom';
    this.paramsBox.hidden = !show;
    const names = show ? Object.keys(presetParams(this.inputs.preset)) : [];
    const keys = names.join(',');
    if (keys !== this.paramKeys) {
      this.paramKeys = keys;
      for (const field of [...this.errors.keys()]) if (field.startsWith('param:')) this.errors.delete(field);
      this.paramsBox.replaceChildren(
        ...names.map((name) => {
          const wrapper = this.doc.createElement('div');
          wrapper.className = 'field';
          const input = this.doc.createElement('input');
          input.type = 'text';
          input.id = `param-${name}`;
          input.dataset.param = name;
          input.spellcheck = false;
          input.addEventListener('input', () => {
            this.inputs = { ...this.inputs, customParams: { ...this.inputs.customParams, [name]: input.value } };
            this.onChange(this.inputs);
          });
          const label = this.doc.createElement('label');
          label.htmlFor = input.id;
          label.textContent = name;
          wrapper.append(label, input, this.errorBox(`param:${name}`, input));
          return wrapper;
        }),
      );
    }
    for (const input of Array.from(this.paramsBox.querySelectorAll<HTMLInputElement>('input[data-param]'))) {
      const value = this.inputs.customParams[input.dataset.param!] ?? '';
      if (input.value !== value) input.value = value;
    }
  }
}
