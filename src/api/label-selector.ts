import type { LabelSelector, LabelSelectorRequirement } from './meta';

/**
 * Label selectors, as apimachinery's labels.Selector (pkg/labels/selector.go) and the metav1
 * helpers LabelSelectorAsSelector / LabelSelectorAsMap (pkg/apis/meta/v1/helpers.go).
 *
 * A selector is an AND of requirements kept sorted by key (stable), so its String() is
 * deterministic. Matching never allocates: each selector precompiles its requirements into
 * parallel arrays (key, operator code, values) at construction.
 */

/** selection.Operator values. */
export type SelectionOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/**
 * labels.Requirement. `operator` is a SelectionOperator for every requirement built by
 * newRequirement or the parser; an empty key and operator is upstream's zero Requirement, which
 * never matches and prints as "".
 */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectionOperator | '';
  readonly values: readonly string[];
}

/** A field.Error: its type, path and bad value, as upstream reports them. */
export interface FieldError {
  readonly type: 'FieldValueInvalid' | 'FieldValueNotSupported';
  readonly field: string;
  readonly badValue: unknown;
  readonly detail: string;
}

/** A selector that does not parse or validate; `message` is upstream's error text. */
export class SelectorError extends Error {
  /** The field errors behind the message, when it came from validation. */
  readonly fieldErrors: readonly FieldError[];
  /** For labelSelectorAsMap: the map built before the error, which upstream returns with it. */
  readonly partialMap: Record<string, string> | undefined;
  constructor(message: string, fieldErrors: readonly FieldError[] = [], partialMap?: Record<string, string>) {
    super(message);
    this.name = 'SelectorError';
    this.fieldErrors = fieldErrors;
    this.partialMap = partialMap;
  }
}

export type Labels = Readonly<Record<string, string>>;

/** labels.Selector. */
export interface Selector {
  /** Whether the selector matches these labels (undefined = no labels). */
  matches(labels: Labels | undefined): boolean;
  /** True when the selector does not restrict the selection (Everything). Nothing is not empty. */
  isEmpty(): boolean;
  /** The selector in the string grammar; Nothing and Everything print as "". */
  toString(): string;
  /** The requirements (sorted by key); `selectable` is false for Nothing. */
  requirements(): { readonly requirements: readonly Requirement[]; readonly selectable: boolean };
  /** A new selector with these requirements added (kept sorted by key). Nothing stays Nothing. */
  add(...reqs: Requirement[]): Selector;
  /** The single value required for `label` by '=', '==' or a one-value 'in', else undefined. */
  requiresExactMatch(label: string): string | undefined;
}

const UNARY_OPERATORS: readonly SelectionOperator[] = ['exists', '!'];
const BINARY_OPERATORS: readonly SelectionOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly SelectionOperator[] = [...BINARY_OPERATORS, ...UNARY_OPERATORS];

// ---------------------------------------------------------------------------------------------
// Validation, as k8s.io/apimachinery/pkg/util/validation (IsQualifiedName, IsValidLabelValue).

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

function regexError(msg: string, fmt: string, examples: readonly string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}
function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}
/** Go's len(): UTF-8 bytes. */
function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, ['example.com']));
  return errs;
}

/** validation.IsQualifiedName: [DNS-subdomain "/"] name of at most 63 characters. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    errs.push(
      `a qualified name ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, ['MyName', 'my.name', '123-abc'])}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    );
    return errs;
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) {
    errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, ['MyName', 'my.name', '123-abc'])}`);
  }
  return errs;
}

/** validation.IsValidLabelValue: empty, or a qualified-name-like value of at most 63 characters. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, ['MyValue', 'my_value', '12345']));
  return errs;
}

/** field.Error.Error(): "<path>: <Type>: <bad value>: <detail>". */
function formatFieldError(e: FieldError): string {
  const typeText = e.type === 'FieldValueInvalid' ? 'Invalid value' : 'Unsupported value';
  const bad = typeof e.badValue === 'string' ? JSON.stringify(e.badValue) : JSON.stringify(e.badValue ?? null);
  const body = `${typeText}: ${bad}`;
  return `${e.field}: ${e.detail.length > 0 ? `${body}: ${e.detail}` : body}`;
}

/** utilerrors.NewAggregate(...).Error(): one message, or "[a, b]" with duplicates dropped. */
function aggregateMessage(errs: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errs) {
    const msg = formatFieldError(e);
    if (!seen.includes(msg)) seen.push(msg);
  }
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

function invalid(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

/** field.Path rendering: the parser's path is nil, which upstream prints as "<nil>". */
const NIL_PATH = '<nil>';

function labelKeyError(key: string, field: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length === 0 ? undefined : invalid(field, key, errs.join('; '));
}

const GO_INT = /^[+-]?[0-9]+$/;
const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;

/** strconv.ParseInt(s, 10, 64), or undefined where it fails. */
function parseInt64(s: string): bigint | undefined {
  if (!GO_INT.test(s)) return undefined;
  const v = BigInt(s);
  return v > MAX_INT64 || v < MIN_INT64 ? undefined : v;
}

function isSelectionOperator(op: string): op is SelectionOperator {
  return (VALID_OPERATORS as readonly string[]).includes(op);
}

/**
 * labels.NewRequirement: validates the key (qualified name), the operator and its values
 * ('in'/'notin' need at least one, '=', '==', '!=' exactly one, 'exists'/'!' none, 'gt'/'lt' one
 * int64), and every value (label value syntax). Throws SelectorError listing every violation.
 */
export function newRequirement(key: string, operator: string, values: readonly string[] | null | undefined): Requirement {
  const errs: FieldError[] = [];
  const keyErr = labelKeyError(key, 'key');
  if (keyErr) errs.push(keyErr);
  const vals = values ?? [];
  const badVals = values ?? null;
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid('values', badVals, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid('values', badVals, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid('values', badVals, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid('values', badVals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errs.push({
        type: 'FieldValueNotSupported',
        field: 'operator',
        badValue: operator,
        detail: `supported values: ${VALID_OPERATORS.map((o) => JSON.stringify(o)).join(', ')}`,
      });
  }
  vals.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, msgs.join('; ')));
  });
  if (errs.length > 0) throw new SelectorError(aggregateMessage(errs), errs);
  return { key, operator: operator as SelectionOperator, values: [...vals] };
}

/** Requirement.String(), as upstream: "k=v", "k in (a,b)" (values sorted), "k", "!k", "k>1". */
export function requirementToString(r: Requirement): string {
  let out = r.operator === '!' ? `!${r.key}` : r.key;
  switch (r.operator) {
    case '=':
      out += '=';
      break;
    case '==':
      out += '==';
      break;
    case '!=':
      out += '!=';
      break;
    case 'in':
      out += ' in (';
      break;
    case 'notin':
      out += ' notin (';
      break;
    case 'gt':
      out += '>';
      break;
    case 'lt':
      out += '<';
      break;
    case 'exists':
    case '!':
      return out;
  }
  out += r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  if (r.operator === 'in' || r.operator === 'notin') out += ')';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Selectors.

const OP_NONE = 0;
const OP_IN = 1;
const OP_NOT_IN = 2;
const OP_EXISTS = 3;
const OP_DOES_NOT_EXIST = 4;
const OP_GT = 5;
const OP_LT = 6;

function opCode(op: string): number {
  switch (op) {
    case 'in':
    case '=':
    case '==':
      return OP_IN;
    case 'notin':
    case '!=':
      return OP_NOT_IN;
    case 'exists':
      return OP_EXISTS;
    case '!':
      return OP_DOES_NOT_EXIST;
    case 'gt':
      return OP_GT;
    case 'lt':
      return OP_LT;
    default:
      return OP_NONE;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;
const NO_LABELS: Labels = Object.freeze({});

function hasValue(values: readonly string[], v: string): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === v) return true;
  return false;
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** An AND of requirements (labels' internalSelector); no requirement = Everything. */
class RequirementSelector implements Selector {
  private readonly reqs: readonly Requirement[];
  private readonly keys: string[];
  private readonly ops: Uint8Array;
  private readonly vals: (readonly string[])[];
  /** The int64 bound of each 'gt'/'lt' requirement (undefined when it has not exactly one integer). */
  private readonly bounds: (bigint | undefined)[];

  /** `sorted` must already be sorted by key. */
  constructor(sorted: readonly Requirement[]) {
    this.reqs = sorted;
    const n = sorted.length;
    this.keys = new Array<string>(n);
    this.ops = new Uint8Array(n);
    this.vals = new Array<readonly string[]>(n);
    this.bounds = new Array<bigint | undefined>(n);
    for (let i = 0; i < n; i++) {
      const r = sorted[i];
      this.keys[i] = r.key;
      const op = opCode(r.operator);
      this.ops[i] = op;
      this.vals[i] = r.values;
      this.bounds[i] = (op === OP_GT || op === OP_LT) && r.values.length === 1 ? parseInt64(r.values[0]) : undefined;
    }
  }

  matches(labels: Labels | undefined): boolean {
    const ls = labels ?? NO_LABELS;
    const keys = this.keys;
    const ops = this.ops;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const has = hasOwn.call(ls, key);
      switch (ops[i]) {
        case OP_IN:
          if (!has || !hasValue(this.vals[i], ls[key])) return false;
          break;
        case OP_NOT_IN:
          if (has && hasValue(this.vals[i], ls[key])) return false;
          break;
        case OP_EXISTS:
          if (!has) return false;
          break;
        case OP_DOES_NOT_EXIST:
          if (has) return false;
          break;
        case OP_GT:
        case OP_LT: {
          const bound = this.bounds[i];
          if (!has || bound === undefined) return false;
          const v = parseInt64(ls[key]);
          if (v === undefined) return false;
          if (ops[i] === OP_GT ? !(v > bound) : !(v < bound)) return false;
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  isEmpty(): boolean {
    return this.reqs.length === 0;
  }

  toString(): string {
    return this.reqs.map(requirementToString).join(',');
  }

  requirements(): { readonly requirements: readonly Requirement[]; readonly selectable: boolean } {
    return { requirements: this.reqs, selectable: true };
  }

  add(...reqs: Requirement[]): Selector {
    return new RequirementSelector([...this.reqs, ...reqs].sort(byKey));
  }

  requiresExactMatch(label: string): string | undefined {
    for (const r of this.reqs) {
      if (r.key !== label) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }
}

/** labels.Nothing(): matches no labels; not empty; prints as "". */
class NothingSelector implements Selector {
  matches(): boolean {
    return false;
  }
  isEmpty(): boolean {
    return false;
  }
  toString(): string {
    return '';
  }
  requirements(): { readonly requirements: readonly Requirement[]; readonly selectable: boolean } {
    return { requirements: [], selectable: false };
  }
  add(): Selector {
    return this;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
}

const EVERYTHING: Selector = new RequirementSelector([]);
const NOTHING: Selector = new NothingSelector();

/** labels.Everything(): matches all labels. */
export function everything(): Selector {
  return EVERYTHING;
}

/** labels.Nothing(): matches no labels. */
export function nothing(): Selector {
  return NOTHING;
}

/** labels.MatchesNothing: true only for the Nothing selector. */
export function matchesNothing(selector: Selector): boolean {
  return selector instanceof NothingSelector;
}

/**
 * A selector holding these requirements, without validating them (labels.NewSelector().Add(...)).
 * Requirements with an unknown operator never match.
 */
export function selectorFromRequirements(reqs: readonly Requirement[]): Selector {
  return reqs.length === 0 ? EVERYTHING : new RequirementSelector([...reqs].sort(byKey));
}

/** labels.SelectorFromSet: key=value for every entry, unvalidated; an empty set is Everything. */
export function selectorFromSet(set: Labels | undefined): Selector {
  if (!set) return EVERYTHING;
  const keys = Object.keys(set);
  if (keys.length === 0) return EVERYTHING;
  keys.sort();
  return new RequirementSelector(keys.map((k) => ({ key: k, operator: '=' as const, values: [set[k]] })));
}

/** labels.ValidatedSelectorFromSet: as selectorFromSet, validating keys and values. */
export function validatedSelectorFromSet(set: Labels | undefined): Selector {
  if (!set) return EVERYTHING;
  const keys = Object.keys(set).sort();
  if (keys.length === 0) return EVERYTHING;
  return new RequirementSelector(keys.map((k) => newRequirement(k, '=', [set[k]])));
}

/** labels.Set.String(): "k=v" pairs sorted by key, joined by ",". */
export function formatLabels(set: Labels | undefined): string {
  if (!set) return '';
  return Object.keys(set)
    .sort()
    .map((k) => `${k}=${set[k]}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// The string grammar, as labels.Parse (lexer + recursive-descent parser).

export enum Token {
  Error = 0,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN: ReadonlyMap<string, Token> = new Map([
  [')', Token.ClosedPar],
  [',', Token.Comma],
  ['!', Token.DoesNotExist],
  ['==', Token.DoubleEquals],
  ['=', Token.Equals],
  ['>', Token.GreaterThan],
  ['in', Token.In],
  ['<', Token.LessThan],
  ['!=', Token.NotEquals],
  ['notin', Token.NotIn],
  ['(', Token.OpenPar],
]);

const TOKEN_NAMES = [
  'Error',
  'EndOfString',
  'ClosedPar',
  'Comma',
  'DoesNotExist',
  'DoubleEquals',
  'Equals',
  'GreaterThan',
  'Identifier',
  'In',
  'LessThan',
  'NotEquals',
  'NotIn',
  'OpenPar',
];

/** The name of a token ("Identifier", "NotIn", ...). */
export function tokenName(t: Token): string {
  return TOKEN_NAMES[t];
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}
function isSpecialSymbol(c: number): boolean {
  switch (c) {
    case 61: // =
    case 33: // !
    case 40: // (
    case 41: // )
    case 44: // ,
    case 62: // >
    case 60: // <
      return true;
    default:
      return false;
  }
}

interface ScannedItem {
  readonly tok: Token;
  readonly literal: string;
}

/** labels.Lexer: the longest special-symbol token, otherwise an identifier or keyword. */
export class SelectorLexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  /** The next character code; 0 at the end without moving (a NUL also ends a token, as upstream). */
  private read(): number {
    if (this.pos < this.s.length) return this.s.charCodeAt(this.pos++);
    return 0;
  }
  private unread(): void {
    this.pos--;
  }

  lex(): ScannedItem {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === 0) return { tok: Token.EndOfString, literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }

  private scanIdOrKeyword(): ScannedItem {
    const start = this.pos;
    let stop: number;
    while (true) {
      const at = this.pos;
      const ch = this.read();
      if (ch === 0) {
        stop = at;
        break;
      }
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        stop = at;
        break;
      }
    }
    const s = this.s.slice(start, stop);
    const tok = STRING_TO_TOKEN.get(s);
    return tok !== undefined ? { tok, literal: s } : { tok: Token.Identifier, literal: s };
  }

  private scanSpecialSymbol(): ScannedItem {
    let buffer = '';
    let last: ScannedItem | undefined;
    while (true) {
      const ch = this.read();
      if (ch === 0) break;
      if (isSpecialSymbol(ch)) {
        buffer += String.fromCharCode(ch);
        const tok = STRING_TO_TOKEN.get(buffer);
        if (tok !== undefined) {
          last = { tok, literal: buffer };
        } else if (last) {
          this.unread();
          break;
        }
      } else {
        this.unread();
        break;
      }
    }
    return last ?? { tok: Token.Error, literal: `error expected: keyword found '${buffer}'` };
  }
}

const enum Context {
  KeyAndOperator,
  Values,
}

class SelectorParser {
  private readonly items: ScannedItem[] = [];
  private position = 0;

  constructor(text: string) {
    const lexer = new SelectorLexer(text);
    while (true) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === Token.EndOfString) break;
    }
  }

  private lookahead(ctx: Context): ScannedItem {
    return this.asContext(this.items[this.position], ctx);
  }
  private consume(ctx: Context): ScannedItem {
    return this.asContext(this.items[this.position++], ctx);
  }
  /** In a value list, 'in' and 'notin' are plain identifiers. */
  private asContext(item: ScannedItem, ctx: Context): ScannedItem {
    if (ctx === Context.Values && (item.tok === Token.In || item.tok === Token.NotIn)) {
      return { tok: Token.Identifier, literal: item.literal };
    }
    return item;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    while (true) {
      const { tok, literal } = this.lookahead(Context.Values);
      switch (tok) {
        case Token.Identifier:
        case Token.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            if (e instanceof SelectorError) {
              throw new SelectorError(`unable to parse requirement: ${e.message}`, e.fieldErrors);
            }
            throw e;
          }
          reqs.push(r);
          const next = this.consume(Context.Values);
          if (next.tok === Token.EndOfString) return reqs;
          if (next.tok === Token.Comma) {
            const after = this.lookahead(Context.Values);
            if (after.tok !== Token.Identifier && after.tok !== Token.DoesNotExist) {
              throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
            }
          } else {
            throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case Token.EndOfString:
          return reqs;
        default:
          throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator: SelectionOperator | '' } {
    let operator: SelectionOperator | '' = '';
    let item = this.consume(Context.Values);
    if (item.tok === Token.DoesNotExist) {
      operator = '!';
      item = this.consume(Context.Values);
    }
    if (item.tok !== Token.Identifier) throw new SelectorError(`found '${item.literal}', expected: identifier`);
    const keyErr = labelKeyError(item.literal, NIL_PATH);
    if (keyErr) throw new SelectorError(formatFieldError(keyErr), [keyErr]);
    const t = this.lookahead(Context.Values).tok;
    if ((t === Token.EndOfString || t === Token.Comma) && operator !== '!') operator = 'exists';
    return { key: item.literal, operator };
  }

  /** The binary operator after a key; upstream's message lists the binary operators. */
  parseOperator(): SelectionOperator {
    const { tok, literal } = this.consume(Context.KeyAndOperator);
    switch (tok) {
      case Token.In:
        return 'in';
      case Token.Equals:
        return '=';
      case Token.DoubleEquals:
        return '==';
      case Token.GreaterThan:
        return 'gt';
      case Token.LessThan:
        return 'lt';
      case Token.NotIn:
        return 'notin';
      case Token.NotEquals:
        return '!=';
      default:
        throw new SelectorError(`found '${literal}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(Context.Values);
    if (open.tok !== Token.OpenPar) throw new SelectorError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead(Context.Values);
    switch (tok) {
      case Token.Identifier:
      case Token.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(Context.Values).tok !== Token.ClosedPar) {
          throw new SelectorError(`found '${literal}', expected: ')'`);
        }
        return s;
      }
      case Token.ClosedPar:
        this.consume(Context.Values);
        return new Set(['']);
      default:
        throw new SelectorError(`found '${literal}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    while (true) {
      const { tok, literal } = this.consume(Context.Values);
      switch (tok) {
        case Token.Identifier: {
          s.add(literal);
          const next = this.lookahead(Context.Values);
          if (next.tok === Token.Comma) continue;
          if (next.tok === Token.ClosedPar) return s;
          throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
        }
        case Token.Comma: {
          if (s.size === 0) s.add('');
          const next = this.lookahead(Context.Values).tok;
          if (next === Token.ClosedPar) {
            s.add('');
            return s;
          }
          // ",," adds ""; the second comma is left for the next round, so ",,)" closes the list
          // (the table's rows "x in (a,,)"; older upstream consumed both commas and rejected it).
          if (next === Token.Comma) s.add('');
          break;
        }
        default:
          throw new SelectorError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead(Context.Values).tok;
    if (t === Token.EndOfString || t === Token.Comma) return new Set(['']);
    const { tok, literal } = this.consume(Context.Values);
    if (tok === Token.Identifier) return new Set([literal]);
    throw new SelectorError(`found '${literal}', expected: identifier`);
  }
}

/** labels.Lexer over `text`: every token up to and including EndOfString. */
export function lexSelector(text: string): { token: Token; literal: string }[] {
  const lexer = new SelectorLexer(text);
  const out: { token: Token; literal: string }[] = [];
  while (true) {
    const { tok, literal } = lexer.lex();
    out.push({ token: tok, literal });
    if (tok === Token.EndOfString || tok === Token.Error) return out;
  }
}

/** Parser.parseOperator on `text` alone: the operator, or SelectorError with upstream's message. */
export function parseSelectorOperator(text: string): SelectionOperator {
  return new SelectorParser(text).parseOperator();
}

/** labels.ParseToRequirements: the requirements of `text`, sorted by key. */
export function parseRequirements(text: string): Requirement[] {
  return new SelectorParser(text).parse().sort(byKey);
}

/**
 * labels.Parse: the string grammar
 *   <requirement> ("," <requirement>)*;  <requirement> ::= ["!"] KEY [ ("in"|"notin") "(" VALUES ")" |
 *   ("="|"=="|"!="|">"|"<") VALUE ]
 * with upstream's validation of keys and values. "" is Everything. Throws SelectorError.
 */
export function parseSelector(text: string): Selector {
  const reqs = parseRequirements(text);
  return reqs.length === 0 ? EVERYTHING : new RequirementSelector(reqs);
}

// ---------------------------------------------------------------------------------------------
// metav1 helpers.

function apiOperator(op: string): SelectionOperator | undefined {
  switch (op) {
    case 'In':
      return 'in';
    case 'NotIn':
      return 'notin';
    case 'Exists':
      return 'exists';
    case 'DoesNotExist':
      return '!';
    default:
      return undefined;
  }
}

/**
 * metav1.LabelSelectorAsSelector: undefined/null → Nothing; no matchLabels and no
 * matchExpressions → Everything; otherwise matchLabels as k=v and matchExpressions
 * (In/NotIn/Exists/DoesNotExist) as validated requirements, ANDed. Throws SelectorError on an
 * unknown operator or an invalid requirement.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === undefined || ls === null) return NOTHING;
  const matchLabels = ls.matchLabels ?? {};
  const labelKeys = Object.keys(matchLabels);
  const exprs: readonly LabelSelectorRequirement[] = ls.matchExpressions ?? [];
  if (labelKeys.length + exprs.length === 0) return EVERYTHING;
  const reqs: Requirement[] = [];
  for (const k of labelKeys) reqs.push(newRequirement(k, '=', [matchLabels[k]]));
  for (const expr of exprs) {
    const op = apiOperator(expr.operator);
    if (op === undefined) throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values && expr.values.length > 0 ? expr.values : null));
  }
  return new RequirementSelector(reqs.sort(byKey));
}

/**
 * metav1.LabelSelectorAsMap: matchLabels plus each single-valued In expression; undefined for an
 * undefined selector. Any other expression throws SelectorError ("cannot be converted into the
 * old label selector format") carrying the map built so far, as upstream returns it.
 */
export function labelSelectorAsMap(ls: LabelSelector | null | undefined): Record<string, string> | undefined {
  if (ls === undefined || ls === null) return undefined;
  const out: Record<string, string> = {};
  const matchLabels = ls.matchLabels ?? {};
  for (const k of Object.keys(matchLabels)) out[k] = matchLabels[k];
  for (const expr of ls.matchExpressions ?? []) {
    const op = JSON.stringify(expr.operator);
    switch (expr.operator) {
      case 'In':
        if (!expr.values || expr.values.length !== 1) {
          throw new SelectorError(
            `operator ${op} without a single value cannot be converted into the old label selector format`,
            [],
            out,
          );
        }
        out[expr.key] = expr.values[0];
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new SelectorError(`operator ${op} cannot be converted into the old label selector format`, [], out);
      default:
        throw new SelectorError(`${op} is not a valid selector operator`, [], out);
    }
  }
  return out;
}

/**
 * labels.ConvertSelectorToLabelsMap: "k=v,k2=v2" (blanks around keys and values ignored) as a
 * map, validating keys and values; anything but plain k=v pairs throws SelectorError.
 */
export function convertSelectorToLabelsMap(selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (selector.length === 0) return out;
  for (const label of selector.split(',')) {
    const kv = label.split('=');
    if (kv.length !== 2) throw new SelectorError(`invalid selector: [${kv.join(' ')}]`, [], out);
    const key = kv[0].trim();
    const keyErr = labelKeyError(key, NIL_PATH);
    if (keyErr) throw new SelectorError(formatFieldError(keyErr), [keyErr], out);
    const val = kv[1].trim();
    const msgs = isValidLabelValue(val);
    if (msgs.length > 0) {
      const err = invalid(`[${key}]`, val, msgs.join('; '));
      throw new SelectorError(formatFieldError(err), [err], out);
    }
    out[key] = val;
  }
  return out;
}
