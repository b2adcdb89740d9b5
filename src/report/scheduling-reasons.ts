/**
 * Splits a kube-scheduler FailedScheduling message into its per-reason node counts. The message
 * is built as upstream's FitError.Error(): "0/<n> nodes are available: <count> <reason>, <count>
 * <reason>." (reasons sorted, joined with ", "), optionally followed by " preemption: ..." with the
 * same shape. Only the part before "preemption:" is read. A reason may itself contain ", " (e.g. a
 * taint "{key: value}"), so pieces are split only where ", " is followed by a count.
 *
 * Example: "0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated taint {gpu: true}."
 * → [{ reason: "Insufficient cpu", nodes: 3 }, { reason: "node(s) had untolerated taint {gpu: true}", nodes: 2 }]
 */
export interface ReasonCount {
  reason: string;
  nodes: number;
}

export function schedulingReasons(message: string): ReasonCount[] {
  let text = message;
  const pre = text.indexOf(' preemption:');
  if (pre >= 0) text = text.slice(0, pre);
  const colon = text.indexOf(': ');
  if (!/^\d+\/\d+ nodes? (are|is) available/.test(text) || colon < 0) {
    const t = text.trim().replace(/\.$/, '');
    return t ? [{ reason: t, nodes: 0 }] : [];
  }
  text = text.slice(colon + 2).trim().replace(/\.$/, '');
  const out: ReasonCount[] = [];
  for (const piece of text.split(/, (?=\d+ )/)) {
    const m = /^(\d+) (.+)$/.exec(piece.trim());
    if (m) out.push({ reason: m[2], nodes: Number(m[1]) });
    else if (piece.trim()) out.push({ reason: piece.trim(), nodes: 0 });
  }
  return out;
}
