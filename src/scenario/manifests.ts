import { readFileSync, statSync } from 'node:fs';
import { Document } from 'yaml';
import { KubeObject } from '../api/meta';
import { FieldPath } from '../api/validation/field-error';
import { validateObject } from '../api/validation/validate';
import { DEFAULT_NAMESPACE, applyObjectDefaults } from '../api/validation/defaults';
import { DEFAULT_LIMITS, Limits, overLimit, resolveLimits } from './limits';
import { InputError, Problem } from './problems';
import { YamlSource, tooLargeMessage } from './yaml-source';
import { SourcedObject } from './scenario';

/** Objects read from manifests, in file order, with the kinds kubesim does not simulate counted. */
export class ObjectCollector {
  readonly objects: SourcedObject[] = [];
  readonly ignored = new Map<string, number>();
  private readonly perFile = new Map<string, number>();
  /** The one problem reported per file over limits.maxObjectsPerFile, restated as the count grows. */
  private readonly overflow = new Map<string, Problem>();

  constructor(
    readonly problems: Problem[],
    /** The input limits in force (--limit); manifest files this collector reads obey them too. */
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  ignoredList(): { kind: string; count: number }[] {
    return [...this.ignored].map(([kind, count]) => ({ kind, count }));
  }

  /**
   * Adds the object at `path` of a document: validates it, applies upstream defaults, counts it as
   * ignored when its kind is not simulated. A `kind: List` (or any *List with items) adds its items.
   * Returns the objects added (for timeline apply actions).
   */
  add(src: YamlSource, doc: Document.Parsed, value: unknown, path: FieldPath): SourcedObject[] {
    const added: SourcedObject[] = [];
    const v = value as Record<string, unknown> | null;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      v.items.forEach((item, i) => this.addOne(src, doc, item, [...path, 'items', i], added));
    } else {
      this.addOne(src, doc, value, path, added);
    }
    return added;
  }

  private addOne(src: YamlSource, doc: Document.Parsed, value: unknown, path: FieldPath, added: SourcedObject[]): void {
    const n = (this.perFile.get(src.file) ?? 0) + 1;
    this.perFile.set(src.file, n);
    const max = this.limits.maxObjectsPerFile;
    if (n > max) {
      let p = this.overflow.get(src.file);
      if (p === undefined) {
        p = src.problemAt(doc, path, '');
        this.overflow.set(src.file, p);
        this.problems.push(p);
      }
      p.message = overLimit(`too many objects: the file holds ${n}`, 'maxObjectsPerFile', max, n);
      return;
    }
    const { rule, errors } = validateObject(value, this.limits);
    for (const e of errors) this.problems.push(src.problemAt(doc, [...path, ...e.path], e.message, e.atKey));
    if (errors.length > 0) return;
    const o = value as KubeObject & Record<string, unknown>;
    if (!rule) {
      this.ignored.set(o.kind, (this.ignored.get(o.kind) ?? 0) + 1);
      return;
    }
    if (rule.namespaced && !o.metadata.namespace) o.metadata.namespace = DEFAULT_NAMESPACE;
    applyObjectDefaults(o);
    const { line, col } = src.position(doc, path);
    const so: SourcedObject = { object: o, at: `${src.file}:${line}:${col}` };
    this.objects.push(so);
    added.push(so);
  }
}

/**
 * Reads a file's text, enforcing the size limit (limits.maxFileBytes) before reading. Returns
 * undefined and records a problem (at `where`) when the file is missing, unreadable or too large.
 */
export function readTextFile(file: string, problems: Problem[], where: Omit<Problem, 'message'>, maxBytes: number = DEFAULT_LIMITS.maxFileBytes): string | undefined {
  try {
    const size = statSync(file).size;
    if (size > maxBytes) {
      problems.push({ ...where, message: `${file}: ${tooLargeMessage(size, maxBytes)}` });
      return undefined;
    }
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    problems.push({ ...where, message: `cannot read ${file}: ${why}` });
    return undefined;
  }
}

/** Adds every document of a manifest file's text to `into`; parse problems go to `into.problems`. */
export function addManifestText(text: string, file: string, into: ObjectCollector): SourcedObject[] {
  const src = new YamlSource(text, file, into.limits);
  for (const p of src.problems) into.problems.push(p);
  const added: SourcedObject[] = [];
  // Appended one by one: a spread of a 100,000-item List would overflow the call stack.
  for (const d of src.documents) if (d.ok) for (const o of into.add(src, d.doc, d.value, [])) added.push(o);
  return added;
}

/**
 * Loads a plain manifest file (multi-document YAML, `kind: List`, or JSON) for `kubesim validate`.
 * Throws InputError with every problem of the file.
 */
export function loadManifestFile(path: string, limits?: Partial<Limits>): { objects: SourcedObject[]; ignored: { kind: string; count: number }[] } {
  const problems: Problem[] = [];
  const l = resolveLimits(limits);
  const text = readTextFile(path, problems, { file: path, line: 1, col: 1, path: '' }, l.maxFileBytes);
  if (text === undefined) throw new InputError(problems);
  const c = new ObjectCollector(problems, l);
  addManifestText(text, path, c);
  if (problems.length > 0) throw new InputError(problems);
  return { objects: c.objects, ignored: c.ignoredList() };
}
