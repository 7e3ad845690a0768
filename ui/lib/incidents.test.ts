import { ApiError } from './api';
import { stateLabel } from './format';
import { incidentElementLabel, isIncidentKeyRequired, isPartialView, parseIncidentKey } from './incidents';

describe('incidents and observed instance views (Zeebe)', () => {
  it("names an incident's element by the server's name, else the diagram's, else its id", () => {
    // given an incident with an element name (Zeebe) and two without
    const named = { elementId: 'Task_Publish', elementName: '发布文件' };
    const unnamed = { elementId: 'Task_Publish', elementName: null };

    // when each is labelled, with and without the diagram at hand
    const labels = [incidentElementLabel(named, () => '图中名称'), incidentElementLabel(unnamed, (id) => `图中 ${id}`), incidentElementLabel(unnamed)];

    // then
    expect(labels).toEqual(['发布文件', '图中 Task_Publish', 'Task_Publish']);
  });

  it('asks for the incident key only on 422 INCIDENT_KEY_REQUIRED', () => {
    // given the Zeebe refusal and other errors
    const required = new ApiError(422, 'INCIDENT_KEY_REQUIRED', 'send the incident key Operate shows');
    const others = [new ApiError(422, 'INVALID', 'x'), new ApiError(409, 'CONFLICT', 'x'), new Error('INCIDENT_KEY_REQUIRED')];

    // when / then
    expect(isIncidentKeyRequired(required)).toBe(true);
    expect(others.map(isIncidentKeyRequired)).toEqual([false, false, false]);
  });

  it('takes an incident key of digits as typed, trimmed, and refuses anything else', () => {
    // when / then
    expect(['  2251799813685302 ', '12a', '', '12345678901234567890'].map(parseIncidentKey)).toEqual(['2251799813685302', null, null, null]);
  });

  it('marks observed or incomplete views, not complete engine views', () => {
    // when / then
    expect(isPartialView({ source: 'observed', complete: false })).toBe(true);
    expect(isPartialView({ source: 'engine', complete: false })).toBe(true);
    expect(isPartialView({ source: 'engine', complete: true })).toBe(false);
    expect(isPartialView(undefined)).toBe(false);
  });

  it('labels the UNKNOWN state of an observed instance in Chinese, pointing to Operate', () => {
    // when / then
    expect(['ACTIVE', 'UNKNOWN', 'SOMETHING'].map(stateLabel)).toEqual(['运行中', '未知（需在 Operate 中查看）', 'SOMETHING']);
  });
});
