import { hash } from '@node-rs/argon2';
import type { Role } from '../domain/principal';
import type { Db } from '../store/database';
import { departments, users } from '../store/schema';

/** The demo password of every demo user (listed in the README; refused in production). */
export const DEMO_PASSWORD = 'demo1234';

type DepartmentKind = 'office' | 'department' | 'district' | 'evaluator';

/** The demo city's offices, drafting departments, a district and an evaluator organisation. */
export const DEMO_DEPARTMENTS: Array<{ id: string; name: string; nameEn: string; kind: DepartmentKind }> = [
  { id: 'general-office', name: '市政府办公厅', nameEn: 'General Office of the City Government', kind: 'office' },
  { id: 'research-office', name: '市政府研究室', nameEn: 'City Government Research Office', kind: 'office' },
  { id: 'legal-office', name: '市法制办', nameEn: 'City Legal Affairs Office', kind: 'office' },
  { id: 'finance', name: '市财政局', nameEn: 'City Finance Bureau', kind: 'office' },
  { id: 'city-leaders', name: '市政府领导', nameEn: 'City leaders', kind: 'office' },
  { id: 'dept-commerce', name: '市商务局', nameEn: 'City Commerce Bureau', kind: 'department' },
  { id: 'dept-housing', name: '市住房和城乡建设局', nameEn: 'City Housing and Urban-Rural Development Bureau', kind: 'department' },
  { id: 'dept-industry', name: '市工业和信息化局', nameEn: 'City Industry and Information Technology Bureau', kind: 'department' },
  { id: 'district-heping', name: '和平区人民政府', nameEn: 'Heping District Government', kind: 'district' },
  { id: 'evaluator-urban-institute', name: '城市发展研究院', nameEn: 'Urban Development Institute', kind: 'evaluator' },
];

/** One user per role (and one per drafting department), all with DEMO_PASSWORD. */
export const DEMO_USERS: Array<{ username: string; name: string; roles: Role[]; departmentId: string | null }> = [
  { username: 'admin', name: '流程管理员', roles: ['admin'], departmentId: 'general-office' },
  { username: 'supervisor', name: '督查专员', roles: ['supervisor'], departmentId: 'general-office' },
  { username: 'office', name: '办公厅秘书处', roles: ['general-office'], departmentId: 'general-office' },
  { username: 'commerce', name: '商务局政策法规处', roles: ['drafting-dept'], departmentId: 'dept-commerce' },
  { username: 'housing', name: '住建局政策法规处', roles: ['drafting-dept'], departmentId: 'dept-housing' },
  { username: 'industry', name: '工信局政策法规处', roles: ['drafting-dept'], departmentId: 'dept-industry' },
  { username: 'research', name: '研究室调研处', roles: ['research-office'], departmentId: 'research-office' },
  { username: 'legal', name: '法制办审查处', roles: ['legal-office'], departmentId: 'legal-office' },
  { username: 'leader', name: '分管副市长', roles: ['leader'], departmentId: 'city-leaders' },
  { username: 'finance', name: '财政局行政政法处', roles: ['finance'], departmentId: 'finance' },
  { username: 'evaluator', name: '城市发展研究院项目组', roles: ['evaluator'], departmentId: 'evaluator-urban-institute' },
];

/** Writes the demo departments and users (idempotent). */
export async function seedDemoOrganisation(db: Db, now: number): Promise<void> {
  await db.insert(departments).values(DEMO_DEPARTMENTS).onConflictDoNothing();
  const passwordHash = await hash(DEMO_PASSWORD);
  await db
    .insert(users)
    .values(DEMO_USERS.map((u) => ({ id: `user-${u.username}`, username: u.username, name: u.name, roles: u.roles, departmentId: u.departmentId, passwordHash, demoPassword: 1, createdAt: now })))
    .onConflictDoNothing();
}
