import { CaseRunner } from '../suite';

/**
 * Runners for the scheduler tables of defaults.json, by table name. A table runner receives one
 * case of the table (an element of table.cases, or for tables without cases, the table itself).
 */
export const schedulerDefaultsTables: Record<string, CaseRunner> = {};
