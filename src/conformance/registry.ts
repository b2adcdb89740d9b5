import { ConformanceFile } from './suite';
import { quantitiesFile } from './suites/quantities';
import { labelSelectorsFile } from './suites/label-selectors';
import { deploymentRollingFile } from './suites/deployment-rolling';
import { deploymentUtilFile } from './suites/deployment-util';
import { schedulerScoringFile } from './suites/scheduler-scoring';
import { taintsTolerationsFile } from './suites/taints-tolerations';
import { nodeAffinityFile } from './suites/node-affinity';
import { cronFile } from './suites/cron';
import { defaultsFile } from './suites/defaults';

/** Every conformance file the project knows, by file name. */
export const CONFORMANCE_FILES: ReadonlyMap<string, ConformanceFile> = new Map(
  [
    quantitiesFile,
    labelSelectorsFile,
    deploymentRollingFile,
    deploymentUtilFile,
    schedulerScoringFile,
    taintsTolerationsFile,
    nodeAffinityFile,
    cronFile,
    defaultsFile,
  ].map((f) => [f.file, f]),
);
