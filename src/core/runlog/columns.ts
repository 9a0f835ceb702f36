import { readCell } from './numbers';

const INITIAL_CAPACITY = 256;

/** Twice the room, for a push onto a full array (callers test fullness first: this runs per cell). */
function grown<T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T {
  const next = make(array.length * 2);
  next.set(array);
  return next;
}

/**
 * One column while rows stream in. Numbers go into a growable Float64Array; text is only kept once the
 * column has shown a non-numeric cell (so a million-row numeric column costs 8 bytes a row).
 */
export class ColumnBuilder {
  values = new Float64Array(INITIAL_CAPACITY);
  length = 0;
  texts: (string | undefined)[] | undefined;
  numbers = 0;
  textCells = 0;
  nonfinite = 0;
  /** First source line of an integer above 2^53 (read as float64), for the optional precision note. */
  bigIntegerLine = 0;

  constructor(
    readonly name: string,
    /** True when the header cell was empty (a trailing delimiter): dropped again if the column is empty. */
    readonly unnamed = false,
  ) {}

  pushNumber(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, (n) => new Float64Array(n));
    this.values[this.length] = value;
    this.texts?.push(undefined);
    this.length++;
    this.numbers++;
  }

  pushMissing(): void {
    if (this.length === this.values.length) this.values = grown(this.values, (n) => new Float64Array(n));
    this.values[this.length] = NaN;
    this.texts?.push(undefined);
    this.length++;
  }

  pushText(text: string, line: number, decimalComma: boolean): void {
    const cell = readCell(text, decimalComma);
    if (typeof cell === 'number') {
      if (this.bigIntegerLine === 0 && Math.abs(cell) > Number.MAX_SAFE_INTEGER && /^\s*"?[-+]?\d+"?\s*$/.test(text)) this.bigIntegerLine = line;
      this.pushNumber(cell);
      if (this.texts) this.texts[this.length - 1] = text;
      return;
    }
    this.pushMissing();
    if (cell === 'missing') return;
    if (cell === 'nonfinite') this.nonfinite++;
    else this.textCells++;
    this.texts ??= this.backfillTexts();
    this.texts[this.length - 1] = text;
  }

  /** Earlier cells were numbers: their text is the number (the raw spelling was not kept). */
  private backfillTexts(): (string | undefined)[] {
    const texts: (string | undefined)[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) texts[i] = Number.isNaN(this.values[i]) ? undefined : String(this.values[i]);
    return texts;
  }

  fillTo(length: number): void {
    while (this.length < length) this.pushMissing();
  }
}

/** Growable list of 1-based source lines, one per kept row. */
export class LineList {
  private lines = new Int32Array(INITIAL_CAPACITY);
  length = 0;

  push(line: number): void {
    if (this.length === this.lines.length) this.lines = grown(this.lines, (n) => new Int32Array(n));
    this.lines[this.length++] = line;
  }

  pop(): void {
    this.length--;
  }

  toArray(): Int32Array {
    return this.lines.slice(0, this.length);
  }
}
