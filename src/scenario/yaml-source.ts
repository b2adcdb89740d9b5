import { Document, LineCounter, Node, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { FieldPath, pathString } from '../api/validation/field-error';
import { DEFAULT_LIMITS, Limits, overLimit } from './limits';
import { Problem } from './problems';

/** The limits a YamlSource enforces. */
export type SourceLimits = Pick<Limits, 'maxFileBytes' | 'maxAliasCount'>;

/** One parsed YAML document: its plain value (undefined when it failed to parse) and its AST. */
export interface SourceDocument {
  index: number;
  doc: Document.Parsed;
  value: unknown;
  ok: boolean;
}

/**
 * A YAML (or JSON) text split into documents, with the positions of every node kept so that a
 * field path can be turned back into file:line:col. Parse problems are collected, not thrown.
 */
export class YamlSource {
  readonly file: string;
  readonly documents: SourceDocument[] = [];
  readonly problems: Problem[] = [];
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    file: string,
    readonly limits: SourceLimits = DEFAULT_LIMITS,
  ) {
    this.file = file;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limits.maxFileBytes) {
      this.problems.push({ file, line: 1, col: 1, path: '', message: tooLargeMessage(bytes, limits.maxFileBytes) });
      return;
    }
    let docs: Document.Parsed[];
    try {
      const parsed = parseAllDocuments(text, { lineCounter: this.lines, merge: true, prettyErrors: false });
      docs = Array.isArray(parsed) ? parsed : [];
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.problems.push({ file, line: 1, col: 1, path: '', message: tooDeepMessage(e) });
      return;
    }
    docs.forEach((doc, index) => {
      let ok = doc.errors.length === 0;
      const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
      if (exhausted) {
        this.problems.push({ file, ...this.documentPosition(doc), path: '', message: tooDeepMessage(exhausted) });
      } else {
        for (const e of doc.errors) {
          const { line, col } = this.lines.linePos(e.pos[0]);
          const path = pathString(pathAtOffset(doc, e.pos[0]));
          this.problems.push({ file, line, col, path, message: `YAML syntax error: ${firstLine(e.message)}` });
        }
      }
      let value: unknown;
      if (ok) {
        try {
          value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
        } catch (e) {
          ok = false;
          this.problems.push({ file, ...this.documentPosition(doc), path: '', message: aliasOrOther(e, limits.maxAliasCount) });
        }
      }
      if (ok && (value === null || value === undefined)) return;
      this.documents.push({ index, doc, value, ok });
    });
  }

  /** Recomputes a document's plain value after its AST was edited (overrides); false on failure. */
  reevaluate(d: SourceDocument): boolean {
    try {
      d.value = d.doc.toJS({ maxAliasCount: this.limits.maxAliasCount });
      return true;
    } catch (e) {
      this.problems.push({ file: this.file, ...this.documentPosition(d.doc), path: '', message: aliasOrOther(e, this.limits.maxAliasCount) });
      d.ok = false;
      return false;
    }
  }

  /** The 1-based line and column of the node at `path` (or of its key), else of its nearest ancestor. */
  position(doc: Document.Parsed, path: FieldPath, atKey = false): { line: number; col: number } {
    const node = locate(doc, path, atKey);
    const offset = node?.range?.[0] ?? 0;
    return this.lines.linePos(offset);
  }

  /** Where a document starts: its first node, else its first byte (a document that failed to compose has no contents). */
  private documentPosition(doc: Document.Parsed): { line: number; col: number } {
    return this.lines.linePos(doc.contents?.range?.[0] ?? doc.range[0]);
  }

  /** A problem at `path` of a document; the path shown is `shownPrefix` + `path`. */
  problemAt(doc: Document.Parsed, path: FieldPath, message: string, atKey = false, shownPrefix: FieldPath = []): Problem {
    const shown = [...shownPrefix, ...path];
    return { file: this.file, ...this.position(doc, path, atKey), path: pathString(shown), message };
  }
}

export function tooLargeMessage(bytes: number, limit: number): string {
  return overLimit(`file is ${bytes} bytes (${(bytes / 1024 / 1024).toFixed(1)} MiB)`, 'maxFileBytes', limit, bytes);
}

/**
 * The message for a document the parser (or its conversion to plain values) could not finish
 * within the call stack: the yaml package recurses once per level of nesting, so a deeply nested
 * document exhausts the stack; the yaml package reports that as a RESOURCE_EXHAUSTION error, and
 * anything that escapes it arrives here as a RangeError.
 */
export function tooDeepMessage(e: unknown): string {
  const why = e instanceof Error ? firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '') : String(e);
  return `document too deeply nested or too large to parse: ${why} (split it over several files)`;
}

/**
 * The bound stays (a "billion laughs" document expands exponentially), so the message cannot say
 * what limit the document needs: the yaml package stops counting at the bound (its count weighs each
 * alias by the aliases nested in its anchor, and 100 plain aliases already reach a bound of 100).
 */
function aliasOrOther(e: unknown, limit: number): string {
  if (e instanceof RangeError) return tooDeepMessage(e);
  const msg = e instanceof Error ? e.message : String(e);
  return /alias/i.test(msg)
    ? overLimit('YAML aliases expand too far in one document (a guard against alias bombs: write the repeated values out, or raise the limit for a file you trust)', 'maxAliasCount', limit)
    : `YAML error: ${firstLine(msg)}`;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).trim();
}

function deref(doc: Document.Parsed, n: unknown): unknown {
  let cur = n;
  for (let i = 0; i < 32 && isAlias(cur); i++) cur = cur.resolve(doc);
  return cur;
}

function keyText(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  return undefined;
}

/**
 * The node at `path` (with `atKey`, the key node of the last step), or the closest thing that
 * exists: the key naming the deepest existing ancestor, so "Required value" points at `spec:`.
 */
function locate(doc: Document.Parsed, path: FieldPath, atKey: boolean): Node | undefined {
  let cur: unknown = doc.contents;
  let named: Node | undefined = cur as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    cur = deref(doc, cur);
    let next: unknown;
    let key: unknown;
    if (isMap(cur)) {
      for (const pair of cur.items) {
        if (keyText(pair.key) === String(seg)) {
          next = pair.value;
          key = pair.key;
          break;
        }
      }
    } else if (isSeq(cur) && typeof seg === 'number') {
      next = cur.items[seg];
      key = next;
    }
    if (key === undefined) return named;
    const last = i === path.length - 1;
    if (last && atKey) return key as Node;
    if (next === null || next === undefined || (next as Node).range === undefined) return key as Node;
    cur = next;
    named = key as Node;
  }
  return (deref(doc, cur) as Node | undefined) ?? named;
}

/** The field path of the deepest node whose range contains `offset` (for syntax errors). */
export function pathAtOffset(doc: Document.Parsed, offset: number): FieldPath {
  const out: (string | number)[] = [];
  let cur: unknown = doc.contents;
  for (let depth = 0; depth < 1000; depth++) {
    if (isMap(cur)) {
      let found = false;
      for (const pair of cur.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        const v = pair.value as Node | null;
        const start = k?.range?.[0] ?? v?.range?.[0];
        const end = v?.range?.[2] ?? k?.range?.[2];
        if (start !== undefined && end !== undefined && offset >= start && offset <= end) {
          out.push(keyText(pair.key) ?? '?');
          cur = v;
          found = true;
          break;
        }
      }
      if (!found) return out;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((it) => {
        const r = (it as Node | null)?.range;
        return r !== undefined && r !== null && offset >= r[0] && offset <= r[2];
      });
      if (i < 0) return out;
      out.push(i);
      cur = cur.items[i];
    } else {
      return out;
    }
  }
  return out;
}
