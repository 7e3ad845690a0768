import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { REPORT_CSP } from '../../../api/reports.routes';
import { researchReports } from '../../../store/schema';
import { reportFile } from '../../../workers/report/handler';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { T0 } from '../../support/engine-harness';
import { as, commission, draftDocument, givenReport, tokensFor, STARTUP_MS, type Person } from './support';

const SCRIPT = '<script>alert("调研")</script>';
const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** Reads a binary response body (the response is the raw HTTP stream) as a Buffer. */
function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('research reports: list, HTML page and Word document, for whoever may see the document', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let documentId: string;
  let first: string;
  let second: string;
  const reportsDir = () => path.join(api.ctx.config.DATA_DIR, 'reports');

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    documentId = (await draftDocument(api, tokens.drafter)).id;
    // the report worker assembled the report twice, a minute apart; the second one quotes hostile text
    first = await givenReport(api, documentId, { currentSituation: '外贸企业订单下降', legalBasis: '《中华人民共和国对外贸易法》' });
    api.clock.advance(60_000);
    second = await givenReport(api, documentId, { currentSituation: SCRIPT });
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('lists the reports of a document, oldest first, with time and content hash but not their text', async () => {
    // given
    const other = (await draftDocument(api, tokens.drafter)).id;

    // when
    const list = await as(api, tokens.research).get(`/api/documents/${documentId}/reports`);
    const none = await as(api, tokens.research).get(`/api/documents/${other}/reports`);

    // then
    const [row1, row2] = await Promise.all([first, second].map(async (id) => (await api.database.db.select().from(researchReports).where(eq(researchReports.id, id)))[0]));
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      { id: first, createdAt: new Date(T0).toISOString(), contentHash: row1!.contentHash },
      { id: second, createdAt: new Date(T0 + 60_000).toISOString(), contentHash: row2!.contentHash },
    ]);
    expect(none.body).toEqual([]);
  });

  it('serves a report as an HTML page that can run nothing: restrictive CSP, nosniff, the stored text unchanged and escaped', async () => {
    // when
    const page = await as(api, tokens.legal).get(`/api/reports/${second}`);

    // then
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(REPORT_CSP);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(sha256(page.text)).toBe((await as(api, tokens.legal).get(`/api/documents/${documentId}/reports`)).body[1].contentHash);
    expect(page.text).toContain('&lt;script&gt;alert(&quot;调研&quot;)&lt;/script&gt;');
    expect(page.text).not.toContain(SCRIPT);
  });

  it('serves the Word document the report worker wrote, as an attachment named after the document', async () => {
    // when
    const docx = await as(api, tokens.office).get(`/api/reports/${first}/docx`).buffer(true).parse(binary);

    // then
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers['content-disposition']).toMatch(/^attachment; filename=".*\.docx"; filename\*=UTF-8''.+\.docx$/);
    expect(decodeURIComponent(String(docx.headers['content-disposition']).split("UTF-8''")[1] ?? '')).toBe('《关于促进外贸稳定增长的若干措施》调研论证报告.docx');
    expect(docx.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(docx.body as Buffer, fs.readFileSync(reportFile(reportsDir(), first)))).toBe(0);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('shows an evaluator only the reports of documents it evaluates', async () => {
    // given evaluator-a evaluates another document of the department
    const evaluated = (await draftDocument(api, tokens.drafter)).id;
    const report = await givenReport(api, evaluated);
    await commission(api, tokens, evaluated, 'evaluator-a');

    // when
    const own = await Promise.all([`/api/documents/${evaluated}/reports`, `/api/reports/${report}`, `/api/reports/${report}/docx`].map((url) => as(api, tokens.evaluator).get(url)));
    const foreign = await Promise.all([`/api/documents/${documentId}/reports`, `/api/reports/${first}`, `/api/reports/${first}/docx`].map((url) => as(api, tokens.evaluator).get(url)));

    // then
    expect(own.map((res) => res.status)).toEqual([200, 200, 200]);
    expect(foreign.map((res) => res.status)).toEqual([404, 404, 404]);
    expect(JSON.stringify(foreign.map((res) => res.body))).not.toContain('外贸');
  });

  it('answers 404 for an unknown report, a path that tries to leave the reports folder and a Word document that is gone', async () => {
    // given a report whose DOCX was lost (e.g. a restore of the database without the data folder)
    const lost = await givenReport(api, documentId);
    fs.rmSync(reportFile(reportsDir(), lost));
    fs.writeFileSync(path.join(api.ctx.config.DATA_DIR, 'secret.docx'), 'not for download');

    // when
    const drafter = as(api, tokens.drafter);
    const responses = await Promise.all([
      drafter.get('/api/reports/00000000-0000-0000-0000-000000000000'),
      drafter.get('/api/reports/00000000-0000-0000-0000-000000000000/docx'),
      drafter.get(`/api/reports/${encodeURIComponent('../secret')}/docx`),
      drafter.get(`/api/reports/${lost}/docx`),
    ]);

    // then
    expect(responses.map((res) => [res.status, res.body.error?.code])).toEqual(Array(4).fill([404, 'NOT_FOUND']));
    expect(responses[3]!.body.error.message).toBe(`the Word document of report ${lost} is missing`);
    expect((await drafter.get(`/api/reports/${lost}`)).status).toBe(200);
  });
});
