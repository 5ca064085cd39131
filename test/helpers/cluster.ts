/**
 * Several instances of the server as separate processes sharing one real redis-server (on a free port)
 * and one standalone embedded store (a process of its own, so a test can stall it with SIGSTOP or kill
 * it), the way the multi-instance, fault and benchmark scenarios need them. Everything stops in afterAll.
 */
import request from 'supertest';
import { startChildStore, type ChildStore } from '../../scripts/lib/child-store';
import { startRedisServer, type RedisServer } from '../../scripts/lib/redis-server';
import { spawnServer, stopServer, type ServerProcess } from '../../scripts/lib/server-process';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from '../api/harness';

export interface Cluster {
  redis: RedisServer;
  store: ChildStore;
  instances: ServerProcess[];
  /** A session token of the bootstrap admin. */
  adminToken: string;
  /** The env every instance was started with (REDIS_URL, the admin, …), for starting another one. */
  env: Record<string, string>;
  /** Starts one more instance on the same store and Redis (appended to `instances`). */
  addInstance(extraEnv?: Record<string, string>): Promise<ServerProcess>;
}

export interface ClusterOptions {
  instances?: number;
  /** Extra variables for every instance, e.g. REDIS_ADAPTER=sharded. */
  env?: Record<string, string>;
  /** A data directory for the store; in memory by default. */
  dbPath?: string;
}

export function useCluster(options: ClusterOptions = {}): () => Cluster {
  let cluster: Cluster | undefined;
  let redis: RedisServer | undefined;
  let store: ChildStore | undefined;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    store = await startChildStore(options.dbPath ? { dbPath: options.dbPath } : {});
    const env = { REDIS_URL: redis.url, ADMIN_USERNAME, ADMIN_PASSWORD, ...options.env };
    const uri = store.uri('discussion');
    const addInstance = async (extraEnv: Record<string, string> = {}) => {
      const instance = await spawnServer(uri, 30_000, { ...env, ...extraEnv });
      instances.push(instance);
      return instance;
    };
    // One after the other: the first prepares the data (admin, indexes), the others find it.
    for (let i = 0; i < (options.instances ?? 2); i++) await addInstance();
    const login = await request(instances[0]!.url)
      .post('/api/auth/login')
      .send({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
    cluster = { redis, store, instances, adminToken: login.body.token as string, env, addInstance };
  }, 90_000);

  afterAll(async () => {
    // A stalled store would hold up the instances' shutdown: wake it first.
    store?.process.kill('SIGCONT');
    await Promise.all(instances.map((instance) => stopServer(instance)));
    await store?.stop();
    await redis?.stop();
  }, 30_000);

  return () => {
    if (!cluster) throw new Error('the cluster did not start');
    return cluster;
  };
}
