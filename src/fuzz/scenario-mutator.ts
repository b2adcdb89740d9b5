import { stringify, parse } from 'yaml';

/** A uniform draw in [0, 1) from a seeded generator (seedrandom's prng). */
export type Uniform = () => number;

/** What was done to one input, for the reproduction note. */
export interface Mutation {
  text: string;
  ops: string[];
}

const HUGE_NUMBERS: unknown[] = [1e308, -1e308, 2 ** 53 + 1, -1, 0, -0, 1e-9, 0.5, 2147483648, -2147483649, 1e21, Infinity, -Infinity, NaN];
const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e400',
  '99999999999999999999999',
  '2x',
  '100mm',
  '1.5.3',
  '5h30x',
  '-5m',
  '∞',
  'ünïcödé-名前',
  '🚀🚀',
  '\u0000',
  '\u202e',
  'a'.repeat(300),
  'deployment/',
  '/web',
  'deployment/does-not-exist',
  '{}',
  '[]',
  'null',
  '~',
  '&a',
  '*a',
  '%',
  '100%',
  '250%',
  'NaN',
  '.inf',
  'true',
  '1Gi',
  '-1Gi',
  '0.001m',
  'manifests/../../etc/passwd',
  'manifests/missing.yaml',
];
/** Text spliced into the document: an alias bomb (billion laughs), tabs, stray YAML syntax. */
const TEXT_INSERTS = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  '\t',
  ': ',
  '- ',
  '{',
  ']',
  '"',
  "'",
  '&anchor ',
  '*nothing ',
  '!!binary ',
  '!custom ',
  '---\n',
  '...\n',
  '? ',
  '<<: *x\n',
  '#',
  '\u00a0',
  '\ufeff',
];

function pick<T>(u: Uniform, xs: readonly T[]): T {
  return xs[Math.floor(u() * xs.length)];
}

function randomString(u: Uniform): string {
  if (u() < 0.6) return pick(u, NASTY_STRINGS);
  const n = 1 + Math.floor(u() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCodePoint(u() < 0.8 ? 32 + Math.floor(u() * 95) : 0xa0 + Math.floor(u() * 0x3000));
  return s;
}

function randomValue(u: Uniform, like: unknown): unknown {
  const r = u();
  if (r < 0.25) return pick(u, HUGE_NUMBERS);
  if (r < 0.5) return randomString(u);
  if (r < 0.6) return u() < 0.5;
  if (r < 0.7) return null;
  if (r < 0.8) return [like];
  if (r < 0.9) return { [randomString(u)]: like };
  return typeof like === 'number' ? String(like) : typeof like === 'string' && /^\d+$/.test(like) ? Number(like) : [];
}

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) slot of a parsed YAML tree, in document order. */
function slots(root: unknown): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        out.push([v, i]);
        walk(v[i]);
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk((v as Record<string, unknown>)[k]);
      }
    }
  };
  walk(root);
  return out;
}

function get(c: Container, k: string | number): unknown {
  return (c as Record<string | number, unknown>)[k];
}

function set(c: Container, k: string | number, v: unknown): void {
  (c as Record<string | number, unknown>)[k] = v;
}

/** One structural change of the parsed tree; returns its description. */
function mutateTree(u: Uniform, root: unknown): string {
  const all = slots(root);
  if (all.length === 0) return 'no-op (empty tree)';
  const [c, k] = pick(u, all);
  const here = get(c, k);
  switch (Math.floor(u() * 7)) {
    case 0:
      if (Array.isArray(c)) c.splice(k as number, 1);
      else delete (c as Record<string, unknown>)[k as string];
      return `delete ${String(k)}`;
    case 1:
      if (Array.isArray(c)) c.splice(k as number, 0, here);
      else set(c, `${String(k)}${pick(u, ['', '-copy', 'X', 'Extra'])}`, here);
      return `duplicate ${String(k)}`;
    case 2:
      set(c, k, randomValue(u, here));
      return `retype ${String(k)}`;
    case 3: {
      const [c2, k2] = pick(u, all);
      const other = get(c2, k2);
      set(c2, k2, here);
      set(c, k, other);
      return `swap ${String(k)} <-> ${String(k2)}`;
    }
    case 4:
      set(c, k, randomString(u));
      return `string ${String(k)}`;
    case 5:
      set(c, k, pick(u, HUGE_NUMBERS));
      return `number ${String(k)}`;
    default:
      if (!Array.isArray(c)) {
        const key = randomString(u);
        set(c, key, here);
        return `new key ${JSON.stringify(key)}`;
      }
      for (let i = 0; i < 1 + Math.floor(u() * 40); i++) c.push(here);
      return `repeat ${String(k)}`;
  }
}

/** One change of the raw text: truncation, a spliced snippet, a deleted/duplicated/re-indented line. */
function mutateText(u: Uniform, text: string): [string, string] {
  const at = Math.floor(u() * (text.length + 1));
  const lines = text.split('\n');
  const li = Math.floor(u() * lines.length);
  switch (Math.floor(u() * 6)) {
    case 0:
      return [text.slice(0, at), `truncate at ${at}`];
    case 1: {
      const ins = pick(u, TEXT_INSERTS);
      return [text.slice(0, at) + ins + text.slice(at), `insert ${JSON.stringify(ins.slice(0, 12))} at ${at}`];
    }
    case 2:
      lines.splice(li, 1);
      return [lines.join('\n'), `delete line ${li + 1}`];
    case 3:
      lines.splice(li, 0, lines[li]);
      return [lines.join('\n'), `duplicate line ${li + 1}`];
    case 4:
      lines[li] = (u() < 0.5 ? ' ' : '') + lines[li].replace(/^ {1,2}/, '');
      return [lines.join('\n'), `re-indent line ${li + 1}`];
    default: {
      const s = randomString(u);
      return [text.slice(0, at) + s + text.slice(at), `insert random ${JSON.stringify(s.slice(0, 12))} at ${at}`];
    }
  }
}

/**
 * Mutates a YAML text with 1–3 operations drawn from `u`: most are structural (the text is parsed,
 * a field deleted, duplicated, retyped, swapped, replaced by a nasty string or number, and written
 * back — a duplicated subtree comes back as a YAML anchor and alias), some are textual
 * (truncation, spliced alias bombs or stray syntax, line edits). Deterministic for a given `u`.
 */
export function mutateYaml(u: Uniform, original: string): Mutation {
  let text = original;
  const ops: string[] = [];
  const n = 1 + Math.floor(u() * 3);
  for (let i = 0; i < n; i++) {
    if (u() < 0.7) {
      let docs: unknown[];
      try {
        docs = text.split(/^---\s*$/m).map((d) => parse(d, { maxAliasCount: 100 }));
      } catch {
        const [t, op] = mutateText(u, text);
        text = t;
        ops.push(op);
        continue;
      }
      const di = Math.floor(u() * docs.length);
      ops.push(`doc ${di}: ${mutateTree(u, docs[di])}`);
      text = docs.map((d) => stringify(d, { aliasDuplicateObjects: true })).join('---\n');
    } else {
      const [t, op] = mutateText(u, text);
      text = t;
      ops.push(op);
    }
  }
  return { text, ops };
}
