import { ConformanceFile, CaseRunner, topLevelArraySuites, suitesBlock } from '../suite';

/** Adapter for node-affinity.json. Suites in scope get a runner below; the others are reported as skipped. */
const runners: Record<string, CaseRunner> = {};

export const nodeAffinityFile: ConformanceFile = {
  file: 'node-affinity.json',
  listSuites: (doc) => suitesBlock(doc),
  runners,
};
