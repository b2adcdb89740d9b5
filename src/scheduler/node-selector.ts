import { Node } from '../api/node';
import {
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
} from '../api/pod';
import { isQualifiedName, isValidLabelValue } from '../api/label-selector';

/**
 * Node selectors compiled once and matched many times, as component-helpers'
 * scheduling/corev1/nodeaffinity: terms are ORed; inside a term, matchExpressions and matchFields
 * are ANDed; an empty term matches nothing; a term with a parse error never matches (the lazy-error
 * selector); matchFields only know metadata.name, and are ignored for a node with an empty name.
 */

/** A field.Error as the API server reports it. */
export interface FieldError {
  type: 'FieldValueInvalid';
  field: string;
  detail: string;
}

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

interface LabelRequirement {
  key: string;
  op: Op;
  values: readonly string[];
  /** The integer bound of Gt/Lt. */
  bound: bigint;
}

interface FieldRequirement {
  key: string;
  notIn: boolean;
  value: string;
}

export interface CompiledTerm {
  /** null when the term has no matchExpressions (labels are unconstrained). */
  readonly labels: readonly LabelRequirement[] | null;
  readonly fields: readonly FieldRequirement[] | null;
  readonly errors: readonly FieldError[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const GO_INT = /^[+-]?[0-9]+$/;

/** strconv.ParseInt(s, 10, 64): sign and leading zeros accepted; null on error. */
export function parseInt64(s: string): bigint | null {
  if (!GO_INT.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

function invalid(field: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail };
}

/** labels.NewRequirement's validation, with NodeSelectorOperator names. */
function compileLabelRequirement(r: NodeSelectorRequirement, path: string, errs: FieldError[]): LabelRequirement {
  const keyErrs = isQualifiedName(r.key);
  if (keyErrs.length > 0) errs.push(invalid(path + '.key', keyErrs.join('; ')));
  const values = r.values ?? [];
  let bound = 0n;
  const op = r.operator as string;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(invalid(path + '.values', "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) errs.push(invalid(path + '.values', 'values set must be empty for exists and does not exist'));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(invalid(path + '.values', "for 'Gt', 'Lt' operators, exactly one value is required"));
      for (let i = 0; i < values.length; i++) {
        const v = parseInt64(values[i]);
        if (v === null) errs.push(invalid(`${path}.values[${i}]`, "for 'Gt', 'Lt' operators, the value must be an integer"));
        else if (i === 0) bound = v;
      }
      break;
    default:
      errs.push(invalid(path + '.operator', `${JSON.stringify(op)} is not a valid node selector operator`));
  }
  for (let i = 0; i < values.length; i++) {
    const vErrs = isValidLabelValue(values[i]);
    if (vErrs.length > 0) errs.push(invalid(`${path}.values[${i}]`, vErrs.join('; ')));
  }
  return { key: r.key, op: op as Op, values, bound };
}

/** nodeSelectorRequirementsAsFieldSelector: In/NotIn with exactly one value. */
function compileFieldRequirement(r: NodeSelectorRequirement, path: string, errs: FieldError[]): FieldRequirement | null {
  const values = r.values ?? [];
  if (values.length !== 1) {
    errs.push(invalid(path + '.values', 'must have one element'));
    return null;
  }
  if (r.operator !== 'In' && r.operator !== 'NotIn') {
    errs.push(invalid(path + '.operator', 'not a valid selector operator'));
    return null;
  }
  return { key: r.key, notIn: r.operator === 'NotIn', value: values[0] };
}

export function isEmptyTerm(t: NodeSelectorTerm | undefined | null): boolean {
  return !t || ((t.matchExpressions?.length ?? 0) === 0 && (t.matchFields?.length ?? 0) === 0);
}

/** newNodeSelectorTerm: `path` prefixes the field paths of errors ("nodeSelectorTerms[0]" or "[0]"). */
export function compileTerm(term: NodeSelectorTerm, path: string): CompiledTerm {
  const errors: FieldError[] = [];
  let labels: LabelRequirement[] | null = null;
  let fields: FieldRequirement[] | null = null;
  const me = term.matchExpressions;
  if (me && me.length > 0) {
    labels = [];
    for (let i = 0; i < me.length; i++) labels.push(compileLabelRequirement(me[i], `${path}.matchExpressions[${i}]`, errors));
  }
  const mf = term.matchFields;
  if (mf && mf.length > 0) {
    fields = [];
    for (let i = 0; i < mf.length; i++) {
      const f = compileFieldRequirement(mf[i], `${path}.matchFields[${i}]`, errors);
      if (f) fields.push(f);
    }
  }
  return { labels, fields, errors };
}

/** labels.Requirement.Matches. */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const v = labels === undefined ? undefined : Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined;
  switch (r.op) {
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined) return false;
      const n = parseInt64(v);
      if (n === null) return false;
      return r.op === 'Gt' ? n > r.bound : n < r.bound;
    }
    default:
      return false;
  }
}

/** nodeSelectorTerm.match: false for a term with parse errors. */
export function termMatches(t: CompiledTerm, labels: Record<string, string> | undefined, nodeName: string): boolean {
  if (t.errors.length > 0) return false;
  if (t.labels !== null) {
    for (let i = 0; i < t.labels.length; i++) if (!requirementMatches(t.labels[i], labels)) return false;
  }
  if (t.fields !== null && nodeName !== '') {
    for (let i = 0; i < t.fields.length; i++) {
      const f = t.fields[i];
      const actual = f.key === 'metadata.name' ? nodeName : '';
      if ((actual === f.value) === f.notIn) return false;
    }
  }
  return true;
}

/** A compiled NodeSelector (LazyErrorNodeSelector): empty terms dropped, ORed. */
export class CompiledNodeSelector {
  readonly terms: readonly CompiledTerm[];
  constructor(ns: NodeSelector) {
    const terms: CompiledTerm[] = [];
    const src = ns.nodeSelectorTerms ?? [];
    for (let i = 0; i < src.length; i++) {
      if (isEmptyTerm(src[i])) continue;
      terms.push(compileTerm(src[i], `nodeSelectorTerms[${i}]`));
    }
    this.terms = terms;
  }
  /** Every parse error of every term (NewNodeSelector reports them eagerly). */
  errors(): FieldError[] {
    const out: FieldError[] = [];
    for (const t of this.terms) out.push(...t.errors);
    return out;
  }
  match(node: Node | null | undefined): boolean {
    if (!node) return false;
    return this.matchLabels(node.metadata.labels, node.metadata.name ?? '');
  }
  matchLabels(labels: Record<string, string> | undefined, nodeName: string): boolean {
    for (let i = 0; i < this.terms.length; i++) if (termMatches(this.terms[i], labels, nodeName)) return true;
    return false;
  }
}

/** PreferredSchedulingTerms: the weighted terms (weight 0 or empty preference dropped) and parse errors. */
export class CompiledPreferredTerms {
  readonly terms: readonly { term: CompiledTerm; weight: number }[];
  readonly errors: readonly FieldError[];
  constructor(src: readonly PreferredSchedulingTerm[]) {
    const terms: { term: CompiledTerm; weight: number }[] = [];
    const errors: FieldError[] = [];
    for (let i = 0; i < src.length; i++) {
      const t = src[i];
      if (!t.weight || isEmptyTerm(t.preference)) continue;
      const c = compileTerm(t.preference, `[${i}]`);
      if (c.errors.length > 0) errors.push(...c.errors);
      else terms.push({ term: c, weight: t.weight });
    }
    this.terms = terms;
    this.errors = errors;
  }
  /** The sum of the weights of the matching terms. */
  score(labels: Record<string, string> | undefined, nodeName: string): number {
    let s = 0;
    for (let i = 0; i < this.terms.length; i++) if (termMatches(this.terms[i].term, labels, nodeName)) s += this.terms[i].weight;
    return s;
  }
}

/**
 * RequiredNodeAffinity (GetRequiredNodeAffinity): pod.spec.nodeSelector (every key/value present
 * on the node) AND the required node affinity when set.
 */
export class RequiredNodeAffinity {
  private readonly selectorKeys: string[];
  private readonly selectorValues: string[];
  readonly required: CompiledNodeSelector | null;
  constructor(nodeSelector: Record<string, string> | undefined, required: NodeSelector | undefined | null) {
    this.selectorKeys = nodeSelector ? Object.keys(nodeSelector) : [];
    this.selectorValues = this.selectorKeys.map((k) => nodeSelector![k]);
    this.required = required ? compiledNodeSelector(required) : null;
  }
  matchLabels(labels: Record<string, string> | undefined, nodeName: string): boolean {
    const keys = this.selectorKeys;
    if (keys.length > 0) {
      if (labels === undefined) return false;
      for (let i = 0; i < keys.length; i++) {
        if (!Object.prototype.hasOwnProperty.call(labels, keys[i]) || labels[keys[i]] !== this.selectorValues[i]) return false;
      }
    }
    return this.required === null || this.required.matchLabels(labels, nodeName);
  }
  match(node: Node): boolean {
    return this.matchLabels(node.metadata.labels, node.metadata.name ?? '');
  }
}

const selectorCache = new WeakMap<NodeSelector, CompiledNodeSelector>();
const requiredCache = new WeakMap<Pod, RequiredNodeAffinity>();

/** The compiled form of a NodeSelector object, cached by object identity (shared pod templates compile once). */
export function compiledNodeSelector(ns: NodeSelector): CompiledNodeSelector {
  let c = selectorCache.get(ns);
  if (c === undefined) {
    c = new CompiledNodeSelector(ns);
    selectorCache.set(ns, c);
  }
  return c;
}

/** GetRequiredNodeAffinity(pod), cached per pod object. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  let r = requiredCache.get(pod);
  if (r === undefined) {
    r = new RequiredNodeAffinity(pod.spec.nodeSelector, pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    requiredCache.set(pod, r);
  }
  return r;
}
