import type { Zeebe } from '@camunda8/sdk';
import type { DeployedDecision, DeployedProcess, Deployment, Resource } from '../port';

type SdkResource = Parameters<InstanceType<typeof Zeebe.ZeebeGrpcClient>['deployResources']>[0][number];

/** One entry of DeployResourceResponse.deployments: exactly one of its metadata fields is set. */
interface DeploymentEntry {
  process?: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string } | null;
  decision?: { dmnDecisionId: string; version: number; decisionKey: string; dmnDecisionRequirementsId: string; decisionRequirementsKey: string } | null;
  decisionRequirements?: { decisionRequirementsKey: string; resourceName: string } | null;
}

/** Our resource as the SDK takes it; the kind only picks the SDK's field, the broker reads the name. */
export function toSdkResource(resource: Resource): SdkResource {
  const content = Buffer.from(resource.content, 'utf8');
  if (resource.name.endsWith('.dmn')) return { name: resource.name, decision: content };
  if (resource.name.endsWith('.form')) return { name: resource.name, form: content };
  return { name: resource.name, process: content };
}

/** The broker's answer in the port's terms; a decision takes its resource name from its requirements graph. */
export function toDeployment(response: { key: string; deployments: unknown[] }): Deployment {
  const entries = response.deployments as DeploymentEntry[];
  const drgResource = new Map<string, string>();
  for (const entry of entries) {
    if (entry.decisionRequirements) drgResource.set(String(entry.decisionRequirements.decisionRequirementsKey), entry.decisionRequirements.resourceName);
  }
  const processes: DeployedProcess[] = [];
  const decisions: DeployedDecision[] = [];
  for (const entry of entries) {
    if (entry.process) {
      processes.push({
        bpmnProcessId: entry.process.bpmnProcessId,
        version: Number(entry.process.version),
        processDefinitionKey: String(entry.process.processDefinitionKey),
        resourceName: entry.process.resourceName,
      });
    } else if (entry.decision) {
      decisions.push({
        decisionId: entry.decision.dmnDecisionId,
        version: Number(entry.decision.version),
        decisionKey: String(entry.decision.decisionKey),
        decisionRequirementsId: entry.decision.dmnDecisionRequirementsId,
        resourceName: drgResource.get(String(entry.decision.decisionRequirementsKey)) ?? '',
      });
    }
  }
  return { key: String(response.key), processes, decisions };
}
