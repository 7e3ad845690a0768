import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { instant, isoTimes, openApi, recordId, text } from './documents.http';
import { isoInstant } from './documents.schemas';
import { MeetingService } from './meetings.service';
import { parse } from './validate';

const KINDS = ['symposium', 'expert-review', 'hearing'] as const;
const participant = z.object({ name: text(200), affiliation: z.string().max(200).optional(), role: z.string().max(50).optional() }).strict();

const newMeeting = z
  .object({
    kind: z.enum(KINDS),
    subject: text(2_000),
    place: z.string().max(500),
    heldAt: instant,
    announcedAt: instant.optional(),
    chair: z.string().max(200).optional(),
    participants: z.array(participant).max(1_000).default([]),
    minutes: z.string().max(200_000).optional(),
    processInstanceKey: z.string().regex(/^\d{1,20}$/).optional(),
  })
  .strict();

const meetingPatch = z
  .object({
    subject: text(2_000).optional(),
    place: z.string().max(500).optional(),
    heldAt: instant.optional(),
    chair: z.string().max(200).optional(),
    participants: z.array(participant).max(1_000).optional(),
    minutes: z.string().max(200_000).optional(),
  })
  .strict();

const newOpinion = z
  .object({ expertName: text(200), affiliation: z.string().max(200).optional(), opinion: text(50_000), expertUserId: z.string().max(128).optional() })
  .strict();

const kindQuery = z.object({ kind: z.enum(KINDS).optional() }).strict();
const idParams = z.object({ id: recordId }).strict();

const meetingSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  kind: z.enum(KINDS),
  subject: z.string(),
  place: z.string(),
  heldAt: isoInstant,
  announcedAt: isoInstant.nullable().describe('hearings: when time, place and subject were announced'),
  chair: z.string().nullable(),
  participants: z.array(z.object({ name: z.string(), affiliation: z.string().optional(), role: z.string().optional().describe('`expert` for an invited expert of an expert review') })),
  minutes: z.string(),
  processInstanceKey: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoInstant,
});
const opinionSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  meetingId: z.string().nullable(),
  expertName: z.string(),
  expertUserId: z.string().nullable(),
  affiliation: z.string().nullable(),
  opinion: z.string(),
  taskId: z.string().nullable().describe('the task that recorded it, if any'),
  submittedAt: isoInstant,
});

/**
 * Meetings and expert opinions (reads: whoever may see the document; writes: drafting department,
 * general-office, admin):
 * - POST /documents/:id/meetings {kind, subject, place, heldAt, announcedAt?, chair?, participants, minutes?} → 201
 *   (a hearing is announced before it is held and has a chair → else 422; minutes only once held → else 409)
 * - GET /documents/:id/meetings?kind= · GET /meetings/:id (with opinions) · PATCH /meetings/:id
 * - POST /meetings/:id/opinions {expertName, affiliation?, opinion} → 201 (expert reviews; one per invited expert)
 * - GET /documents/:id/opinions → every written expert opinion on the document
 */
export function meetingRoutes(ctx: ApiContext): Router {
  const service = new MeetingService(ctx.database.db, ctx.audit, ctx.clock);
  const router = Router();
  const describe = openApi('meetings');
  const managers = ['drafting-dept (own department)', 'general-office', 'admin'];
  const checked = [404, 409, 422];
  describe('post', '/documents/:id/meetings', 'Record a symposium, expert review or hearing (422 HEARING_NOT_ANNOUNCED, CHAIR_REQUIRED; 409 MEETING_NOT_HELD, DOCUMENT_FINAL)', managers, { params: idParams, body: newMeeting, status: 201, response: meetingSchema, errors: checked });
  describe('get', '/documents/:id/meetings', 'Meetings of a document', 'any', { params: idParams, query: kindQuery, response: z.array(meetingSchema), errors: [404] });
  describe('get', '/documents/:id/opinions', 'Written expert opinions on a document', 'any', { params: idParams, response: z.array(opinionSchema), errors: [404] });
  describe('get', '/meetings/:id', 'A meeting with its expert opinions', 'any', { params: idParams, response: meetingSchema.extend({ opinions: z.array(opinionSchema) }), errors: [404] });
  describe('patch', '/meetings/:id', 'Correct a meeting or add minutes once held', managers, { params: idParams, body: meetingPatch, response: meetingSchema, errors: checked });
  describe('post', '/meetings/:id/opinions', "An invited expert's written opinion (one each; 409 OPINION_EXISTS, NOT_AN_EXPERT_REVIEW; 422 NOT_INVITED)", managers, { params: idParams, body: newOpinion, status: 201, response: opinionSchema, errors: checked });


  router.post('/documents/:id/meetings', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.create(principalOf(req), id, parse(newMeeting, req.body))));
  });

  router.get('/documents/:id/meetings', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const { kind } = parse(kindQuery, req.query, 'query');
    res.json((await service.forDocument(principalOf(req), id, kind)).map(isoTimes));
  });

  router.get('/documents/:id/opinions', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.opinionsOf(principalOf(req), id)).map(isoTimes));
  });

  router.get('/meetings/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const meeting = await service.get(principalOf(req), id);
    res.json({ ...isoTimes(meeting), opinions: meeting.opinions.map(isoTimes) });
  });

  router.patch('/meetings/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.update(principalOf(req), id, parse(meetingPatch, req.body))));
  });

  router.post('/meetings/:id/opinions', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.addOpinion(principalOf(req), id, parse(newOpinion, req.body))));
  });

  return router;
}
