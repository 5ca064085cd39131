/**
 * The same scenarios as multi-instance.test.ts, reduced, over Redis 7 sharded pub/sub
 * (REDIS_ADAPTER=sharded): fan-out across instances, and a ban and a logout reaching the other instance.
 */
import Redis from 'ioredis';
import { useCluster } from '../helpers/cluster';
import { useClusterClients } from './cluster-clients';
import {
  banAcrossInstances,
  fanOutAcrossInstances,
  logoutAcrossInstances,
  type TwoInstances,
} from './cluster-scenarios';

jest.setTimeout(60_000);

const cluster = useCluster({ env: { REDIS_ADAPTER: 'sharded' } });
const connect = useClusterClients();
const two = (): TwoInstances => ({
  A: cluster().instances[0]!.url,
  B: cluster().instances[1]!.url,
  adminToken: cluster().adminToken,
  connect,
});

test('the instances listen on sharded channels', async () => {
  const redis = new Redis(cluster().redis.url);
  try {
    const sharded = (await redis.call('PUBSUB', 'SHARDCHANNELS')) as string[];
    expect(sharded.some((channel) => channel.startsWith('socket.io#'))).toBe(true);
  } finally {
    redis.disconnect();
  }
});

test('10 readers on two instances receive 20 comments posted on both, once each and in seq order', async () => {
  await fanOutAcrossInstances(two(), { readers: 10, comments: 20 });
});

test('a ban and a logout on B end the sockets on A', async () => {
  await banAcrossInstances(two());
  await logoutAcrossInstances(two());
});
