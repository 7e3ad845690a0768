import { deployFixture } from '../../../test/fixtures/deploy';
import { parseBpmn } from './parse';
import { SUPPORT_TABLE, checkSupport } from './support';

describe('checkSupport', () => {
  it('accepts every element of a valid diagram', async () => {
    // given
    const parsed = await parseBpmn(deployFixture('valid.bpmn'));

    // when
    const problems = checkSupport(parsed);

    // then
    expect(problems).toEqual([]);
  });

  it('reports a complex gateway and a transaction by id, not what the transaction contains', async () => {
    // given
    const parsed = await parseBpmn(deployFixture('unsupported.bpmn'));

    // when
    const problems = checkSupport(parsed);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Gateway_1',
        code: 'UNSUPPORTED_ELEMENT',
        message: 'bpmn:ComplexGateway "Gateway_1" is not supported by the embedded engine yet',
      },
      {
        elementId: 'SubProcess_Experts',
        code: 'UNSUPPORTED_ELEMENT',
        message: 'bpmn:Transaction "SubProcess_Experts" is not supported by the embedded engine yet',
      },
    ]);
  });

  it('reports unsupported event definitions, loops and zeebe extensions with what makes them unsupported', async () => {
    // given
    const parsed = await parseBpmn(deployFixture('unsupported-events.bpmn'));

    // when
    const problems = checkSupport(parsed);

    // then
    expect(problems.map((p) => p.message)).toEqual([
      'bpmn:IntermediateCatchEvent "Throw_Milestone" with bpmn:ConditionalEventDefinition is not supported by the embedded engine yet',
    ]);
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(['UNSUPPORTED_ELEMENT']));
  });

  it('ignores extension elements of other tools', async () => {
    // given
    const parsed = await parseBpmn(deployFixture('foreign-extensions.bpmn'));

    // when
    const problems = checkSupport(parsed);

    // then
    expect(problems).toEqual([]);
  });
});

describe('SUPPORT_TABLE', () => {
  it('names only types the BPMN and zeebe models know', async () => {
    // given
    const { definitions } = await parseBpmn(deployFixture('valid.bpmn'));
    const names = SUPPORT_TABLE.flatMap((row) => [row.element, row.detail ?? ''])
      .filter((name) => /^(bpmn|bpmndi|zeebe):/.test(name));

    // when
    const unknown = names.filter((name) => {
      try {
        definitions.$model.getType(name);
        return false;
      } catch {
        return true;
      }
    });

    // then
    expect(unknown).toEqual([]);
  });

  it('has at most one row per element and detail', () => {
    // when
    const keys = SUPPORT_TABLE.map((row) => `${row.element}|${row.detail ?? ''}`);

    // then
    expect(new Set(keys).size).toBe(keys.length);
  });
});
