import { isAbsolute, join } from 'node:path';
import { FieldPath } from '../api/validation/field-error';
import { ObjectCollector, addManifestText, readTextFile } from './manifests';
import { SourcedObject } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';

/** Where `file:` references are resolved and where their objects are collected. */
export interface ResourceContext {
  baseDir: string;
  collector: ObjectCollector;
}

/**
 * One entry of `resources` (or of an apply action): `{file: path}` relative to the scenario's
 * folder (multi-document, `kind: List`, or JSON), or an inline Kubernetes object.
 * Objects are validated and defaulted; problems inside a file carry that file's positions.
 */
export function readObjectEntry(r: SpecReader, ctx: ResourceContext, v: unknown, path: FieldPath): SourcedObject[] | undefined {
  if (!isObj(v)) return r.fail(path, `expected {file: path} or a Kubernetes object with apiVersion and kind, got ${shown(v)}`);
  if ('file' in v && !('kind' in v)) {
    if (!r.fields(v, path, ['file'])) return undefined;
    const rel = r.string(v.file, [...path, 'file'], 'a file path');
    if (rel === undefined) return undefined;
    const file = isAbsolute(rel) ? rel : join(ctx.baseDir, rel);
    const where = { ...r.src.problemAt(r.doc, [...path, 'file'], '') };
    const text = readTextFile(file, ctx.collector.problems, where, ctx.collector.limits.maxFileBytes);
    if (text === undefined) return undefined;
    return addManifestText(text, file, ctx.collector);
  }
  if (!('kind' in v)) return r.fail(path, 'expected {file: path} or a Kubernetes object: this entry has no kind');
  return ctx.collector.add(r.src, r.doc, v, path);
}

/** `resources`: a list of entries, created at time 0 in file order. */
export function readResources(r: SpecReader, ctx: ResourceContext, v: unknown, path: FieldPath): SourcedObject[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    r.fail(path, `expected a list of {file: path} entries or inline objects, got ${shown(v)}`);
    return [];
  }
  const out: SourcedObject[] = [];
  v.forEach((entry, i) => {
    for (const o of readObjectEntry(r, ctx, entry, [...path, i]) ?? []) out.push(o);
  });
  return out;
}
