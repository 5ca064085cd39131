/**
 * Notifications across instances: two server processes on one real redis-server. A reply written on B
 * reaches its recipient's socket connected to A, through the per-user room and the Redis adapter.
 */
import { useCluster } from '../helpers/cluster';
import { useClusterClients } from '../realtime/cluster-clients';
import { replyReachesEveryInstance } from './cluster-scenario';

jest.setTimeout(60_000);

const cluster = useCluster();
const connect = useClusterClients();

test('a reply made on instance B reaches the recipient’s sockets on A and on B', async () => {
  await replyReachesEveryInstance(cluster(), connect, 'classic');
});
