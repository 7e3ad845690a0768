import crypto from 'node:crypto';
import { verify } from '@node-rs/argon2';
import pino from 'pino';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import { seedDemo, needsDemo } from '../../demo';
import { DEMO_PASSWORD, DEMO_USERS } from '../../demo/organisation';
import { ContactCipher } from '../../domain/contact-cipher';
import type { Database } from '../../store/database';
import { cleanupCampaigns, cleanupItems, evaluationProjects, jobs, stakeholders, users } from '../../store/schema';
import { openTestDatabase } from '../support/database';
import { shippedResources } from '../support/shipped';

const NOW = Date.UTC(2026, 10, 27, 1, 0, 0);
const DUE_DATE = 'io.camunda.zeebe:dueDate';

describe('the demo seed', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  jest.setTimeout(120_000);

  it('fills an empty product with the organisation, records and instances at different stages, some overdue', async () => {
    // given an empty database
    expect(await needsDemo(database)).toBe(true);
    const contacts = new ContactCipher(crypto.randomBytes(32));
    const resources = shippedResources();

    // when
    await seedDemo({ database, calendar: await WorkingDayCalendar.load(new CalendarRepository(database.db)), contacts, resources, now: NOW, logger: pino({ level: 'silent' }) });

    // then every demo user logs in with the published demo password and is flagged as such
    const seeded = await database.db.select().from(users);
    expect(seeded.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
    expect(seeded.every((u) => u.demoPassword === 1)).toBe(true);
    expect(await verify(seeded[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);
    expect(await needsDemo(database)).toBe(false);

    // and the housing bureau's comment disposal is open and overdue today, the trade draft waits to be published
    const open = await database.db.select().from(jobs);
    const disposal = open.find((j) => j.elementId === 'Task_Disposal');
    const dueAt = Date.parse(String((disposal?.customHeaders as Record<string, string>)[DUE_DATE]));
    expect(dueAt).toBeLessThan(NOW);
    expect(open.some((j) => j.elementId === 'Task_PublishDraft')).toBe(true);

    // and the evaluation waits for the contracted institute's plan, recorded as the inbox would record it
    expect(open.some((j) => j.elementId === 'Task_DraftPlan')).toBe(true);
    const [project] = await database.db.select().from(evaluationProjects);
    expect(project).toMatchObject({ evaluatorId: 'evaluator-urban-institute', procurementMethod: 'single-source' });
    // and the cleanup campaign has one proposal made and two open
    expect(await database.db.select().from(cleanupCampaigns)).toHaveLength(1);
    expect((await database.db.select().from(cleanupItems)).filter((i) => i.classification === 'keep')).toHaveLength(1);
    expect(open.filter((j) => j.elementId === 'Task_Propose')).toHaveLength(2);

    // and stakeholder contacts are stored only encrypted
    const [stakeholder] = await database.db.select().from(stakeholders);
    expect(stakeholder!.contactCiphertext).not.toMatch(/024-|@/);
    expect(contacts.open(stakeholder!.id, stakeholder!.contactCiphertext)).toMatchObject({ phone: '024-00000001' });
  });
});
