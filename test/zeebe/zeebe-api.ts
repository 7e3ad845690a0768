import type { Express } from 'express';
import { createApp } from '../../api/app';
import type { ApiContext } from '../../api/context';
import { startTaskProjection, type TaskProjection } from '../../domain/task-projection';
import type { EngineEvent } from '../../engine/port';
import { definitionXmlFrom, ObservationRepository, ZeebeEngine } from '../../engine/zeebe';
import { startTestApi, type TestApi } from '../support/api-harness';
import { GatewayStub } from './gateway-stub';

/** SDK settings for the loopback gateway: no retries, fast polling. */
export const LOOPBACK_SETTINGS = { ZEEBE_GRPC_CLIENT_RETRY: false, ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10, ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50, ZEEBE_GRPC_WORKER_LONGPOLL_SECONDS: 1 };

export interface ZeebeApi {
  /** The test API (database, tokens, audit); its embedded engine is not the one the app runs on. */
  api: TestApi;
  gateway: GatewayStub;
  zeebe: ZeebeEngine;
  events: EngineEvent[];
  /** The real HTTP app with ENGINE=zeebe, wired as main.ts wires it. */
  app: Express;
  ctx: ApiContext;
  projection: TaskProjection;
  /** A second adapter on the same gateway and database, as after a restart (no memory of deployments). */
  restartedAdapter(): ZeebeEngine;
  close(): Promise<void>;
}

/**
 * The product on Zeebe as main.ts starts it (adapter with definition lookup and observations, task
 * projection, user-task bridge, HTTP app), against a loopback gateway built from the SDK's
 * zeebe.proto, on a fresh test database.
 */
export async function startZeebeApi(): Promise<ZeebeApi> {
  const api = await startTestApi();
  const gateway = await GatewayStub.start();
  const adapter = () =>
    new ZeebeEngine({
      client: { ZEEBE_GRPC_ADDRESS: gateway.address, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_SECURE_CONNECTION: false, zeebeGrpcSettings: LOOPBACK_SETTINGS },
      definitionXml: definitionXmlFrom(api.database.db),
      observations: new ObservationRepository(api.database.db),
    });
  const zeebe = adapter();
  const events: EngineEvent[] = [];
  zeebe.onEvent((event) => events.push(event));
  const projection = await startTaskProjection({ database: api.database, engine: zeebe });
  zeebe.bridgeUserTasks();
  const ctx: ApiContext = { ...api.ctx, engine: zeebe, engineKind: 'zeebe' };
  const others: ZeebeEngine[] = [];
  return {
    api,
    gateway,
    zeebe,
    events,
    app: createApp(ctx),
    ctx,
    projection,
    restartedAdapter() {
      const other = adapter();
      others.push(other);
      return other;
    },
    async close() {
      await projection.stop();
      for (const other of others) await other.close();
      await zeebe.close();
      await gateway.close();
      await api.close();
      // the SDK's gRPC channels finish closing a moment after close() resolves; let them, so Jest can exit
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    },
  };
}
