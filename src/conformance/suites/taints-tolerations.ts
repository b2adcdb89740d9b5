import { ConformanceFile, CaseRunner, topLevelArraySuites, suitesBlock } from '../suite';

/** Adapter for taints-tolerations.json. Suites in scope get a runner below; the others are reported as skipped. */
const runners: Record<string, CaseRunner> = {};

export const taintsTolerationsFile: ConformanceFile = {
  file: 'taints-tolerations.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};
