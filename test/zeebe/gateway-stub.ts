import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** The gateway protocol exactly as the installed SDK speaks it. */
export const ZEEBE_PROTO = path.join(path.dirname(require.resolve('@camunda8/sdk/package.json')), 'dist/proto/zeebe.proto');

export type GatewayMethod =
  | 'Topology'
  | 'DeployResource'
  | 'CreateProcessInstance'
  | 'ActivateJobs'
  | 'CompleteJob'
  | 'FailJob'
  | 'ThrowError'
  | 'PublishMessage'
  | 'BroadcastSignal'
  | 'SetVariables'
  | 'UpdateJobRetries'
  | 'ResolveIncident'
  | 'CancelProcessInstance';

type Message = Record<string, unknown>;

export interface RecordedCall {
  method: GatewayMethod;
  request: Message;
}

/**
 * A Zeebe gateway on 127.0.0.1 (random port) serving the SDK's zeebe.proto: it records every
 * request, answers with scripted responses, and streams queued jobs to ActivateJobs.
 */
export class GatewayStub {
  readonly calls: RecordedCall[] = [];
  /** Responses by method; a method without one answers with an empty message. */
  readonly responses: Partial<Record<GatewayMethod, Message>> = {};
  private readonly rejections = new Map<GatewayMethod, { code: grpc.status; details: string }>();
  private readonly jobs = new Map<string, Message[]>();
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
  ) {}

  static async start(): Promise<GatewayStub> {
    const definition = protoLoader.loadSync(ZEEBE_PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    const gateway = (grpc.loadPackageDefinition(definition).gateway_protocol as grpc.GrpcObject).Gateway as grpc.ServiceClientConstructor;
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    const stub = new GatewayStub(server, `127.0.0.1:${port}`);
    server.addService(gateway.service, stub.handlers());
    return stub;
  }

  /** The next call of `method` is rejected with this gRPC status. */
  rejectNext(method: GatewayMethod, code: grpc.status, details: string): void {
    this.rejections.set(method, { code, details });
  }

  /** Queues an activated job for the next ActivateJobs request of its type. */
  offerJob(job: Message & { type: string }): void {
    this.jobs.set(job.type, [...(this.jobs.get(job.type) ?? []), job]);
  }

  requests(method: GatewayMethod): Message[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.request);
  }

  /** Resolves with the first request of `method` (already received or future) that matches. */
  waitFor(method: GatewayMethod, match: (request: Message) => boolean = () => true, timeoutMs = 5_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.requests(method).find(match);
        if (!found) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${method} request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }

  private record(method: GatewayMethod, request: Message): { code: grpc.status; details: string } | undefined {
    this.calls.push({ method, request });
    for (const waiter of [...this.waiters]) waiter();
    const rejection = this.rejections.get(method);
    this.rejections.delete(method);
    return rejection;
  }

  private handlers(): grpc.UntypedServiceImplementation {
    const unary = (method: GatewayMethod): grpc.handleUnaryCall<Message, Message> => (call, callback) => {
      const rejection = this.record(method, call.request);
      if (rejection) callback({ code: rejection.code, details: rejection.details, metadata: new grpc.Metadata() }, null);
      else callback(null, this.responses[method] ?? {});
    };
    const activateJobs: grpc.handleServerStreamingCall<Message, Message> = (call) => {
      this.record('ActivateJobs', call.request);
      const queued = this.jobs.get(String(call.request.type)) ?? [];
      const handed = queued.splice(0, Number(call.request.maxJobsToActivate) || 1);
      if (handed.length) call.write({ jobs: handed });
      call.end();
    };
    return {
      Topology: unary('Topology'),
      DeployResource: unary('DeployResource'),
      CreateProcessInstance: unary('CreateProcessInstance'),
      ActivateJobs: activateJobs,
      CompleteJob: unary('CompleteJob'),
      FailJob: unary('FailJob'),
      ThrowError: unary('ThrowError'),
      PublishMessage: unary('PublishMessage'),
      BroadcastSignal: unary('BroadcastSignal'),
      SetVariables: unary('SetVariables'),
      UpdateJobRetries: unary('UpdateJobRetries'),
      ResolveIncident: unary('ResolveIncident'),
      CancelProcessInstance: unary('CancelProcessInstance'),
    };
  }
}
