// What every report is rendered from.
import type { Database } from '../../../db/client.js';
import type { SchoolWithPolicy } from '../../../register/schools.js';

export interface ReportContext {
  db: Database;
  school: SchoolWithPolicy;
  date: string;
  format: 'text' | 'json';
  filter?: string;
  trust: boolean;
}
