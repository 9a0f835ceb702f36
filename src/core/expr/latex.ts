import { FUNCTIONS } from './functions';
import type { ExprNode } from './parse';

/** LaTeX for a formula AST, with only the parentheses the precedence needs. */

const GREEK = new Set(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(
    ' ',
  ),
);

/** Precedence levels of the rendered pieces: a piece below the level a context needs gets parentheses. */
const SUM = 1;
const PRODUCT = 2;
const SIGNED = 3;
/** \frac{}{} and powers read as one factor in a product but need parentheses as a base. */
const FRACTION = 4;
const ATOM = 5;

interface Piece {
  text: string;
  level: number;
}

function escapeText(text: string): string {
  return text.replace(/[\\{}$&#%_^~]/g, (ch) => (ch === '\\' ? '\\textbackslash{}' : `\\${ch}`));
}

function symbol(word: string): string {
  if (GREEK.has(word)) return `\\${word}`;
  if ([...word].length === 1) return word;
  return `\\mathrm{${escapeText(word)}}`;
}

/** `alpha` → \alpha, `alpha_N` → \alpha_{N}, `N_c` → N_{c}, `lr` → \mathrm{lr}. */
export function latexName(name: string): string {
  const underscore = name.indexOf('_');
  if (underscore > 0 && underscore < name.length - 1) {
    return `${symbol(name.slice(0, underscore))}_{${latexName(name.slice(underscore + 1))}}`;
  }
  return symbol(name);
}

function latexNumber(value: number): string {
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    const power = `10^{${Number(exponent)}}`;
    return mantissa === '1' ? power : `${mantissa}\\times ${power}`;
  }
  return String(value);
}

function parenthesised(text: string): string {
  return `\\left(${text}\\right)`;
}

function wrap(piece: Piece, level: number): string {
  return piece.level >= level ? piece.text : parenthesised(piece.text);
}

/** A right-hand operand (or a sign's operand) also needs parentheses when it starts with a minus: a+(-b). */
function wrapSigned(piece: Piece, level: number): string {
  return piece.text.startsWith('-') ? parenthesised(piece.text) : wrap(piece, level);
}

function render(node: ExprNode): Piece {
  switch (node.kind) {
    case 'number':
      return { text: latexNumber(node.value), level: ATOM };
    case 'string':
      return { text: `\\text{${escapeText(node.value)}}`, level: ATOM };
    case 'name':
      return { text: node.quoted ? `\\mathrm{${escapeText(node.name)}}` : latexName(node.name), level: ATOM };
    case 'unary': {
      const argument = render(node.argument);
      if (node.op === 'not') return { text: `\\lnot ${wrap(argument, ATOM)}`, level: SIGNED };
      return { text: `${node.op}${wrapSigned(argument, PRODUCT)}`, level: SIGNED };
    }
    case 'call': {
      const spec = FUNCTIONS[node.name];
      const args = node.args.map(render);
      if (node.name === 'pow') return power(args[0], args[1]);
      if (spec?.arity === 1) return { text: spec.latex(args[0].text), level: ATOM };
      const name = node.name === 'min' || node.name === 'max' ? `\\${node.name}` : `\\operatorname{${escapeText(node.name)}}`;
      return { text: `${name}\\left(${args.map((a) => a.text).join(', ')}\\right)`, level: ATOM };
    }
    case 'binary':
      return binary(node);
  }
}

/** A power is one factor in a product but, like a fraction, needs parentheses as a base: (a^b)^c. */
function power(base: Piece, exponent: Piece): Piece {
  return { text: `${wrap(base, ATOM)}^{${exponent.text}}`, level: FRACTION };
}

const RELATIONS: Record<string, string> = { '==': '=', '!=': '\\neq', '<': '<', '<=': '\\leq', '>': '>', '>=': '\\geq' };

function binary(node: Extract<ExprNode, { kind: 'binary' }>): Piece {
  const left = render(node.left);
  const right = render(node.right);
  switch (node.op) {
    case '+':
      return { text: `${left.text}+${wrapSigned(right, SUM)}`, level: SUM };
    case '-':
      return { text: `${left.text}-${wrapSigned(right, PRODUCT)}`, level: SUM };
    case '*':
      return { text: `${wrap(left, PRODUCT)}\\,${wrapSigned(right, PRODUCT)}`, level: PRODUCT };
    case '/':
      return { text: `\\frac{${left.text}}{${right.text}}`, level: FRACTION };
    case '^':
      return power(left, right);
    case 'and':
    case 'or':
      return { text: `${left.text}\\ \\mathrm{${node.op}}\\ ${right.text}`, level: 0 };
    default:
      return { text: `${left.text}${RELATIONS[node.op]}${right.text}`, level: 0 };
  }
}

export function latexOf(node: ExprNode): string {
  return render(node).text;
}
