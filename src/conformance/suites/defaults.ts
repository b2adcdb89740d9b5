import { ConformanceFile, CaseRunner, SuiteCases } from '../suite';
import { deploymentDefaultsTables } from './defaults-deployment';
import { schedulerDefaultsTables } from './defaults-scheduler';
import { kubeletDefaultsTables } from './defaults-kubelet';
import { jobDefaultsTables } from './defaults-job';
import { leaderElectionDefaultsTables } from './defaults-leader-election';

/**
 * Adapter for defaults.json: each entry of `tables` is a suite. A table with a `cases` array has
 * one case per element; a table without one (the back-off sequences) is a single case: the table.
 */
const runners: Record<string, CaseRunner> = {
  ...deploymentDefaultsTables,
  ...schedulerDefaultsTables,
  ...kubeletDefaultsTables,
  ...jobDefaultsTables,
  ...leaderElectionDefaultsTables,
};

function listTables(doc: any): SuiteCases[] {
  const tables = (doc as { tables?: Record<string, any> }).tables ?? {};
  return Object.entries(tables).map(([name, t]) => ({
    name,
    cases: Array.isArray(t?.cases) ? t.cases : [t],
  }));
}

export const defaultsFile: ConformanceFile = { file: 'defaults.json', listSuites: listTables, runners };
