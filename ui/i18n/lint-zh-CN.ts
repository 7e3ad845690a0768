/**
 * Chinese for the problems the server's lint and support check report (bpmnlint with Camunda's
 * camunda-compat rules, which speak English, and the embedded engine's "not supported yet").
 * The technical names (`bpmn:ServiceTask`, `zeebe:TaskDefinition`) stay: administrators look them
 * up in the properties panel and the documentation; known ones get their Chinese name first.
 */

/** Chinese names of the BPMN and Zeebe types the messages name most. */
const TYPES: Record<string, string> = {
  'bpmn:Process': '流程',
  'bpmn:SubProcess': '子流程',
  'bpmn:AdHocSubProcess': '自由子流程',
  'bpmn:Task': '任务',
  'bpmn:UserTask': '用户任务',
  'bpmn:ServiceTask': '服务任务',
  'bpmn:SendTask': '发送任务',
  'bpmn:ReceiveTask': '接收任务',
  'bpmn:ScriptTask': '脚本任务',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:ManualTask': '手工任务',
  'bpmn:CallActivity': '调用活动',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:ExclusiveGateway': '排他网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:ParallelGateway': '并行网关',
  'bpmn:EventBasedGateway': '事件网关',
  'bpmn:ComplexGateway': '复杂网关',
  'bpmn:SequenceFlow': '顺序流',
  'bpmn:MessageEventDefinition': '消息事件定义',
  'bpmn:TimerEventDefinition': '定时器事件定义',
  'bpmn:ErrorEventDefinition': '错误事件定义',
  'bpmn:SignalEventDefinition': '信号事件定义',
  'bpmn:EscalationEventDefinition': '升级事件定义',
  'bpmn:CompensateEventDefinition': '补偿事件定义',
  'bpmn:ConditionalEventDefinition': '条件事件定义',
  'bpmn:LinkEventDefinition': '链接事件定义',
  'bpmn:TerminateEventDefinition': '终止事件定义',
  'bpmn:Message': '消息',
  'bpmn:Error': '错误',
  'bpmn:Signal': '信号',
  'bpmn:Escalation': '升级',
  'bpmn:MultiInstanceLoopCharacteristics': '多实例特性',
  'zeebe:TaskDefinition': '任务定义',
  'zeebe:FormDefinition': '表单定义',
  'zeebe:CalledElement': '被调用元素',
  'zeebe:CalledDecision': '被调用决策',
  'zeebe:Subscription': '消息订阅',
  'zeebe:LoopCharacteristics': '多实例设置',
  'zeebe:AssignmentDefinition': '任务分配',
  'zeebe:TaskSchedule': '任务期限',
  'zeebe:IoMapping': '输入输出映射',
  'zeebe:TaskHeaders': '任务头',
  'zeebe:Script': '脚本',
  'zeebe:ExecutionListener': '执行监听器',
  'zeebe:TaskListener': '任务监听器',
  'zeebe:UserTask': 'Zeebe 用户任务',
  'zeebe:Properties': '扩展属性',
};

/** Chinese names of the properties the messages name most. */
const PROPERTIES: Record<string, string> = {
  type: '类型',
  retries: '重试次数',
  formKey: '表单键',
  formId: '表单编号',
  processId: '被调用流程编号',
  decisionId: '决策编号',
  resultVariable: '结果变量',
  correlationKey: '关联键',
  messageRef: '消息引用',
  errorRef: '错误引用',
  signalRef: '信号引用',
  escalationRef: '升级引用',
  errorCode: '错误代码',
  escalationCode: '升级代码',
  name: '名称',
  timeCycle: '循环时间',
  timeDate: '日期时间',
  timeDuration: '持续时间',
  inputCollection: '输入集合',
  inputElement: '输入元素',
  outputCollection: '输出集合',
  outputElement: '输出元素',
  completionCondition: '完成条件',
  conditionExpression: '条件表达式',
  candidateGroups: '候选组',
  candidateUsers: '候选用户',
  assignee: '办理人',
  dueDate: '截止日期',
  followUpDate: '跟进日期',
  source: '来源',
  target: '目标',
  expression: '表达式',
  incoming: '入口连线',
  eventDefinitions: '事件定义',
  isExecutable: '可执行',
  versionTag: '版本标签',
};

/** `bpmn:ServiceTask` → `服务任务（bpmn:ServiceTask）`; an unknown name stays as `<name>`. */
function named(raw: string): string {
  const name = raw.replace(/^<|>$/g, '');
  const chinese = TYPES[name] ?? PROPERTIES[name];
  return chinese ? `${chinese}（${name}）` : `<${name}>`;
}

/** `<a>, <b> or <c>` → `A（a）、B（b）或 C（c）`. */
function names(list: string): string {
  return list
    .replace(/<([^>]+)>/g, (_, name: string) => named(name))
    .replace(/, /g, '、')
    .replace(/ or /g, '或')
    .replace(/ and /g, '和');
}

const version = (v: string) => `Camunda ${v}`;

/** The message shapes of camunda-compat (rules/utils/element.js and the rules) and our support check. */
const PATTERNS: [RegExp, (...groups: string[]) => string][] = [
  [/^Element of type <([^>]+)> must have one extension element of type (.+)$/, (t, list) => `${named(t)}必须有一个扩展元素：${names(list!)}`],
  [/^Element of type <([^>]+)> must have property <([^>]+)> if it has property <([^>]+)>$/, (t, p, q) => `${named(t)}设置了${named(q!)}时，必须设置${named(p!)}`],
  [/^Element of type <([^>]+)> must have property (.+)$/, (t, list) => `${named(t)}必须设置属性${names(list!)}`],
  [/^Element of type <([^>]+)> must have one property <([^>]+)> of type <([^>]+)>$/, (t, p, q) => `${named(t)}必须有一个${named(q!)}作为${named(p!)}`],
  [/^Element of type <([^>]+)> without property <([^>]+)> only allowed by Camunda (\S+) or newer$/, (t, p, v) => `${named(t)}不设置${named(p!)}需要 ${version(v!)} 或更高版本`],
  [/^Element of type <([^>]+)> with event definition of type <([^>]+)> not allowed$/, (t, e) => `不允许带有${named(e!)}的${named(t)}`],
  [/^Element of type <([^>]+)> with event definition of type <([^>]+)> only allowed by Camunda (\S+) or newer$/, (t, e, v) => `带有${named(e!)}的${named(t)}需要 ${version(v!)} 或更高版本`],
  [/^Element of type <([^>]+)> with no event definition not allowed$/, (t) => `不允许没有事件定义的${named(t)}`],
  [/^Element of type <([^>]+)> with no event definition only allowed by Camunda (\S+) or newer$/, (t, v) => `没有事件定义的${named(t)}需要 ${version(v!)} 或更高版本`],
  [/^Element of type <([^>]+)> not allowed as event-based gateway target$/, (t) => `${named(t)}不能作为事件网关的目标`],
  [/^Element of type <([^>]+)> not allowed$/, (t) => `不允许使用${named(t)}`],
  [/^Element of type <([^>]+)> only allowed by Camunda (\S+) or newer$/, (t, v) => `${named(t)}需要 ${version(v!)} 或更高版本`],
  [/^Element of type <([^>]+)> must contain at least one activity$/, (t) => `${named(t)}至少要包含一个活动`],
  [/^Extension element of type <([^>]+)> not allowed$/, (t) => `不允许使用扩展元素${named(t)}`],
  [/^Extension element of type <([^>]+)> only allowed by Camunda (\S+)$/, (t, v) => `扩展元素${named(t)}需要 ${version(v!)}`],
  [/^Property <([^>]+)> must have value of <([^>]+)>$/, (p, v) => `属性${named(p)}的值必须是 <${v}>`],
  [/^Property <([^>]+)> must have expression value$/, (p) => `属性${named(p)}必须是表达式（以 = 开头）`],
  [/^Property <([^>]+)> is not a valid FEEL expression$/, (p) => `属性${named(p)}不是有效的 FEEL 表达式`],
  [/^Property <([^>]+)> only allowed if source is of type (.+)$/, (p, list) => `只有来源为${names(list!)}时才允许设置属性${named(p)}`],
  [/^Property value of <([^>]+)> only allowed by Camunda (\S+) or newer$/, (v, ver) => `属性值 <${v}> 需要 ${version(ver!)} 或更高版本`],
  [/^Property <([^>]+)> only allowed by Camunda (\S+) or newer$/, (p, v) => `属性${named(p)}需要 ${version(v!)} 或更高版本`],
  [/^Properties of type <([^>]+)> have property <([^>]+)> with duplicate value of <(.*)>$/, (t, p, v) => `多个${named(t)}的属性${named(p!)}重复：<${v}>`],
  [/^Properties of type <([^>]+)> have properties with duplicate values \((.*)\)$/, (t, list) => `多个${named(t)}的属性值重复（${list}）`],
  [/^Property of type <([^>]+)> has property <([^>]+)> with duplicate value of <(.*)>$/, (t, p, v) => `${named(t)}的属性${named(p!)}重复：<${v}>`],
  [/^Multiple elements of type <([^>]+)> with no event definition not allowed as children of <([^>]+)>$/, (t, parent) => `${named(parent!)}中只能有一个没有事件定义的${named(t)}`],
  [/^Element of type <([^>]+)> with event definition of type <([^>]+)> not allowed as child of <([^>]+)>$/, (t, e, parent) => `${named(parent!)}中不允许带有${named(e!)}的${named(t)}`],
  [/^Element of type <bpmn:BoundaryEvent> with event definition of type <bpmn:EscalationEventDefinition> is not allowed to be attached to element of type <([^>]+)>$/, (t) => `升级边界事件不能附加在${named(t)}上`],
  [/^A <([^>]+)> must be expanded$/, (t) => `${named(t)}必须展开显示`],
  [/^Expression statement <(.*)> not supported$/, (e) => `不支持表达式语句 <${e}>`],
  [/^Expression statement <(.*)> only supported by Camunda (\S+) or newer$/, (e, v) => `表达式语句 <${e}> 需要 ${version(v!)} 或更高版本`],
  [/^FEEL function <([^>]+)> requires Camunda (\S+)$/, (f, v) => `FEEL 函数 <${f}> 需要 ${version(v!)}`],
  [/^Loop detected: (.+)$/, (path) => `发现循环：${path}`],
  [/^Embedded forms on start events are deprecated; use a linked form instead$/, () => '开始事件上的嵌入式表单已弃用，请改用关联表单'],
  [/^(\S+) "([^"]+)" with (.+) is not supported by the embedded engine yet$/, (t, id, detail) => `嵌入式引擎尚不支持带有${detail === 'none' ? '空事件定义' : detail === 'several event definitions' ? '多个事件定义' : named(detail!)}的${named(t)}：${id}`],
  [/^(\S+) "([^"]+)" is not supported by the embedded engine yet$/, (t, id) => `嵌入式引擎尚不支持${named(t)}：${id}`],
  [/^the diagram has no process marked isExecutable="true"$/, () => '流程图中没有标记为可执行（isExecutable="true"）的流程'],
  [/^malformed XML: (.*)$/, (detail) => `XML 格式错误：${detail}`],
  [/^lint rule (\S+) failed: (.*)$/, (rule, message) => `检查规则 ${rule} 运行出错：${message}`],
];

/** A lint or deploy problem's message in Chinese; unknown shapes stay in English. */
export function lintMessageZhCN(message: string): string {
  for (const [pattern, translate] of PATTERNS) {
    const match = message.match(pattern);
    if (match) return translate(...match.slice(1));
  }
  return message;
}
