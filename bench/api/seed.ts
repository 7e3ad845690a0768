import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../store/database';

/** Rows written per INSERT … SELECT generate_series statement. */
const CHUNK = 100_000;
const DAY_MS = 86_400_000;
export const DEPARTMENTS = 40;
export const ASSIGNEES = 2_000;

/**
 * The shape of the seeded inbox, task number g hashed so that nothing correlates: 1 % open (CREATED),
 * 2 % canceled, the rest completed; 8 tasks per process instance, 4 processes; candidate group the
 * instance's department (`dept-00` … `dept-39`) for 80 %, `general-office` 10 %, `legal-office` 10 %;
 * a third assigned to one of 2,000 users (`user-0` …); completed tasks over the last two years, open
 * ones due from 8 days ago to 31 days ahead (a fifth overdue); a variables snapshot of ~300 bytes.
 * (A city's real inbox holds a few hundred open tasks; 10,000 of 1,000,000 is a stress share.)
 */
export const SEED_SHAPE = {
  openShare: 0.01,
  canceledShare: 0.02,
  tasksPerInstance: 8,
  departments: DEPARTMENTS,
  assignees: ASSIGNEES,
  assignedShare: 1 / 3,
  overdueShareOfOpen: 0.2,
};

/** Inserts `count` tasks numbered from 1 with one SQL statement per chunk, then builds the indexes; returns rows per second. */
export async function seedTasks(database: Database, count: number, now: number, log: (line: string) => void): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const started = performance.now();
  const open = Math.round(SEED_SHAPE.openShare * 1000);
  const canceled = Math.round(SEED_SHAPE.canceledShare * 1000);
  // a bulk load is faster without the secondary indexes: drop them (this is the bench's own database) and build them after
  const indexes = await queryRows<{ name: string; definition: string }>(
    database.db,
    sql`select indexname as name, indexdef as definition from pg_indexes where tablename in ('tasks', 'task_candidates') and indexname not like '%_pkey'`,
  );
  for (const index of indexes) await database.db.execute(sql.raw(`drop index ${index.name}`));
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await database.db.execute(sql`
      insert into tasks (id, name, element_id, process_instance_key, bpmn_process_id, process_definition_key, state, assignee,
                         candidate_groups, candidate_users, due_at, due_date, form_id, department, document_id, document_title,
                         variables, created_at, completed_at, completed_by)
      select (4503599627370496 + g)::text,
             (array['成立专题调研组开展调研','向社会公布草案，公开征求意见','意见归类整理、研究分析并采纳','同步提报调研论证报告','合法性审查',
                    '集体讨论决定','政策解读方案','第三方评估报告','清理意见汇总','市政府办公厅督促检查'])[1 + g % 10],
             'Task_' || (g % 10),
             (2251799813685248 + g / 8)::text,
             (array['research-deliberation','publication-interpretation','third-party-evaluation','normative-document-cleanup'])[1 + (g / 8) % 4],
             '2251799813685249',
             s.state,
             s.assignee,
             jsonb_build_array(s.grp),
             '[]'::jsonb,
             s.due_at,
             to_char(to_timestamp(s.due_at / 1000.0) at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
             'research-survey',
             s.dept,
             'doc-' || (g / 64),
             '关于促进第' || (g / 64) || '号事项发展的若干措施',
             jsonb_build_object('draftingDept', s.dept, 'documentId', 'doc-' || (g / 64), 'documentTitle', '关于促进第' || (g / 64) || '号事项发展的若干措施',
                                'urgent', false, 'stageWorkingDays', jsonb_build_object('research', 20, 'publish', 2, 'disposal', 10),
                                'researchTeam', '起草部门牵头，市政府研究室、市法制办参加', 'commentNoticeUrl', 'https://www.shenyang.gov.cn/zmhd/yjzj/' || g),
             s.due_at - 20 * ${DAY_MS}::bigint,
             case when s.state = 'CREATED' then null else s.due_at - 20 * ${DAY_MS}::bigint + (1 + g % 25) * ${DAY_MS}::bigint end,
             case when s.state = 'COMPLETED' then coalesce(s.assignee, 'user-' || (g % ${ASSIGNEES})) end
      from generate_series(${from}::bigint, ${to}::bigint) as g
      cross join lateral (select (hashint8(g)::bigint % 1000 + 1000) % 1000 as m, hashint8(g + 1000000007)::bigint as h2, hashint8(g + 2000000011)::bigint as h3) as s0
      cross join lateral (
        select case when s0.m < ${open} then 'CREATED' when s0.m < ${open + canceled} then 'CANCELED' else 'COMPLETED' end as state,
               'dept-' || lpad(((g / 8) % ${DEPARTMENTS})::text, 2, '0') as dept,
               case when (h2 % 10 + 10) % 10 < 8 then 'dept-' || lpad(((g / 8) % ${DEPARTMENTS})::text, 2, '0')
                    when (h2 % 10 + 10) % 10 = 8 then 'general-office' else 'legal-office' end as grp,
               case when (h3 % 3 + 3) % 3 = 0 then 'user-' || ((h3 / 3 % ${ASSIGNEES} + ${ASSIGNEES}) % ${ASSIGNEES}) end as assignee,
               case when s0.m < ${open} then ${now}::bigint + (((h2 / 10) % 40 + 40) % 40 - 8) * ${DAY_MS}::bigint + 3600000
                    else ${now}::bigint - (((h2 / 10) % 730 + 730) % 730) * ${DAY_MS}::bigint - 30 * ${DAY_MS}::bigint end as due_at
      ) as s`);
    log(`seeded ${to.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} tasks (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  for (const index of indexes) {
    await database.db.execute(sql.raw(index.definition));
    log(`index ${index.name} built (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  // the tasks' candidates (task_candidates) were written by the tasks triggers during the inserts
  await database.db.execute(sql`vacuum analyze tasks`);
  await database.db.execute(sql`vacuum analyze task_candidates`);
  return { rows: count, seconds: Math.round(seconds * 10) / 10, rowsPerSecond: Math.round(count / seconds) };
}
