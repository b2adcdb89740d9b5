import { Document, Node, Scalar, isMap, isScalar, isSeq, parse as parseYaml } from 'yaml';
import { FieldPath, pathString } from '../api/validation/field-error';
import { Problem } from './problems';

/** A `path=value` setting applied to the scenario before validation (parameter sweeps). */
export interface Override {
  path: string;
  value: string;
}

/** "spec.cluster.nodePools[0].count" → ["spec", "cluster", "nodePools", 0, "count"]; keys with dots go in brackets. */
export function parseOverridePath(text: string): FieldPath | undefined {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]+)\]|(\.)/y;
  let pos = 0;
  let expectField = true;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      if (!expectField) return undefined;
      out.push(m[1]);
      expectField = false;
    } else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
    else expectField = true;
    pos = re.lastIndex;
  }
  return out.length > 0 && !expectField ? out : undefined;
}

/**
 * Sets each override in the document's AST. The value text is read as YAML (so "50" is a number,
 * "true" a boolean, "[a, b]" a list). The new node takes the position of the node it replaces
 * (or of its parent) so problems still point into the file. Missing map keys are created; list
 * indices must exist. Returns the applied paths ("spec.seed" → "spec.seed=7") for messages.
 */
export function applyOverrides(doc: Document.Parsed, file: string, overrides: readonly Override[], problems: Problem[]): Map<string, string> {
  const applied = new Map<string, string>();
  overrides.forEach((o, i) => {
    const bad = (message: string) => problems.push({ file: '<overrides>', line: i + 1, col: 1, path: o.path, message: `${message} (override ${o.path}=${o.value} for ${file})` });
    const path = parseOverridePath(o.path);
    if (!path) {
      bad('expected a dotted field path like spec.cluster.nodePools[0].count');
      return;
    }
    let value: unknown;
    try {
      value = parseYaml(o.value);
    } catch {
      value = o.value;
    }
    let cur: unknown = doc.contents;
    for (let k = 0; k < path.length; k++) {
      const seg = path[k];
      const last = k === path.length - 1;
      const fresh = doc.createNode(last ? value : {}) as Node;
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair) {
          const old = pair.value as Node | null;
          if (last) {
            fresh.range = old?.range ?? (pair.key as Node).range;
            pair.value = fresh;
          } else if (old === null) {
            fresh.range = (pair.key as Node).range;
            pair.value = fresh;
          }
          cur = pair.value;
        } else {
          const key = new Scalar(seg);
          key.range = cur.range;
          fresh.range = cur.range;
          cur.items.push(doc.createPair(key, fresh) as never);
          cur = fresh;
        }
      } else if (isSeq(cur) && typeof seg === 'number') {
        if (seg >= cur.items.length) {
          bad(`index ${seg} is out of range: ${pathString(path.slice(0, k))} has ${cur.items.length} entries`);
          return;
        }
        if (last) {
          fresh.range = (cur.items[seg] as Node | null)?.range ?? cur.range;
          cur.items[seg] = fresh;
        }
        cur = cur.items[seg];
      } else {
        bad(`cannot set ${pathString(path.slice(0, k + 1))}: ${pathString(path.slice(0, k)) || 'the document'} is not a ${typeof seg === 'number' ? 'list' : 'map'}`);
        return;
      }
    }
    applied.set(pathString(path), `${o.path}=${o.value}`);
  });
  return applied;
}
