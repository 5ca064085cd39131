/** The cross-instance notification over Redis 7 sharded pub/sub (REDIS_ADAPTER=sharded). */
import { useCluster } from '../helpers/cluster';
import { useClusterClients } from '../realtime/cluster-clients';
import { replyReachesEveryInstance } from './cluster-scenario';

jest.setTimeout(60_000);

const cluster = useCluster({ env: { REDIS_ADAPTER: 'sharded' } });
const connect = useClusterClients();

test('a reply made on instance B reaches the recipient’s sockets on A and on B (sharded)', async () => {
  await replyReachesEveryInstance(cluster(), connect, 'sharded');
});
