import { lintMessageZhCN } from './lint-zh-CN';

describe('lint messages in Chinese', () => {
  it('names the missing extension element of a service task', () => {
    // given the message camunda-compat reports for a service task without a job type
    const message = 'Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>';

    // when it is translated
    const chinese = lintMessageZhCN(message);

    // then it is Chinese and keeps the technical names
    expect(chinese).toBe('服务任务（bpmn:ServiceTask）必须有一个扩展元素：任务定义（zeebe:TaskDefinition）');
  });

  it('translates a list of alternatives and a version requirement', () => {
    // given two shapes with variable parts
    const either = 'Element of type <bpmn:UserTask> must have property <formKey> or <formId>';
    const newer = 'Element of type <bpmn:ComplexGateway> only allowed by Camunda 8.6 or newer';

    // when they are translated
    const translated = [either, newer].map(lintMessageZhCN);

    // then both are Chinese
    expect(translated).toEqual(['用户任务（bpmn:UserTask）必须设置属性表单键（formKey）或表单编号（formId）', '复杂网关（bpmn:ComplexGateway）需要 Camunda 8.6 或更高版本']);
  });

  it("translates the embedded engine's support check", () => {
    // given an unsupported element
    const message = 'bpmn:IntermediateCatchEvent "Catch_1" with bpmn:ConditionalEventDefinition is not supported by the embedded engine yet';

    // when it is translated
    const chinese = lintMessageZhCN(message);

    // then it names the element and its event definition
    expect(chinese).toBe('嵌入式引擎尚不支持带有条件事件定义（bpmn:ConditionalEventDefinition）的中间捕获事件（bpmn:IntermediateCatchEvent）：Catch_1');
  });

  it('leaves an unknown message in English', () => {
    // given a message of a shape it does not know
    const message = 'Tool documentation is missing.';

    // when / then it stays as it was
    expect(lintMessageZhCN(message)).toBe(message);
  });
});
