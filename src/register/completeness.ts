// Which class registers have been taken for a session. A register is taken when at least one pupil of the
// class has a mark for the session (any code but "-"): an MIS sends marks only for registers a teacher has
// submitted, and a CSV export only has the marks that exist, so the same rule serves every source. Until a
// class's register is taken its pupils are not absent, only not yet registered; a session in which no
// class has a mark has no register data at all.

import type { IsoDate, Session } from '../rules/types.js';

/** A parameterised read: the SQL driver's `query`, or a Prisma transaction through `queryIn`. */
export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export function queryIn(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): Query {
  return <T>(sql: string, params: unknown[]) => tx.$queryRawUnsafe<T[]>(sql, ...params);
}

export interface ClassRegister {
  className: string;
  onRoll: number;
  marked: number;
  /** Names of the staff who take this class's register (StaffMember.classes). */
  teachers: string[];
}

export interface SessionCompleteness {
  classes: ClassRegister[];
  /** Classes with pupils on roll and no mark yet, in class order. */
  notTaken: ClassRegister[];
  /** Class names whose register is taken. */
  taken: ReadonlySet<string>;
  /** False when no pupil has a mark for the session: no register data has arrived. */
  anyMarks: boolean;
}

export async function sessionCompleteness(query: Query, schoolId: string, date: IsoDate, session: Session): Promise<SessionCompleteness> {
  const rows = await query<{ className: string; onRoll: number; marked: number }>(
    `SELECT p."className" AS "className", count(*)::int AS "onRoll", (count(m.id) FILTER (WHERE m.code <> '-'))::int AS marked
       FROM "Pupil" p
       LEFT JOIN "SessionMark" m ON m."pupilId" = p.id AND m.date = $2::date AND m.session = $3
      WHERE p."schoolId" = $1 AND p."admissionDate" <= $2::date AND (p."leavingDate" IS NULL OR p."leavingDate" >= $2::date)
      GROUP BY p."className" ORDER BY p."className"`,
    [schoolId, date, session],
  );
  const staff = await query<{ name: string; classes: string[] }>(
    `SELECT name, classes FROM "StaffMember" WHERE "schoolId" = $1 AND active AND cardinality(classes) > 0 ORDER BY name`,
    [schoolId],
  );
  const classes = rows.map((r) => ({ ...r, teachers: staff.filter((s) => s.classes.includes(r.className)).map((s) => s.name) }));
  const taken = new Set(classes.filter((c) => c.marked > 0).map((c) => c.className));
  return { classes, notTaken: classes.filter((c) => c.marked === 0), taken, anyMarks: taken.size > 0 };
}
