import net from 'node:net';
import type { MongoClient } from 'mongodb';
import {
  startEmbedded,
  connectClient,
  freePort,
  spawnCli,
  spawnServerCli,
  useTempDir,
  type CliProcess,
  type Loose,
} from '../../helpers/embedded';

const tempDir = useTempDir('embedded-mongo-cli-');
const running: CliProcess[] = [];
const clients: MongoClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const cli of running.splice(0)) {
    cli.killGroup('SIGKILL');
    await cli.groupGone();
  }
});

async function connect(port: number): Promise<MongoClient> {
  const client = await connectClient(`mongodb://127.0.0.1:${port}/`);
  clients.push(client);
  return client;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(true));
  });
}

describe('the standalone CLI', () => {
  it('serves two separate clients on the port given to `npm run embedded-mongo`, and stops on SIGTERM', async () => {
    const port = await freePort();
    const cli = await spawnCli('npm', ['run', 'embedded-mongo', '--', '--port', String(port)]);
    running.push(cli);
    expect(cli.port).toBe(port);

    const writer = await connect(port);
    const reader = await connect(port);
    await writer.db('cli').collection<Loose>('notes').insertOne({ _id: 'from-writer', text: 'hello' });
    expect(await reader.db('cli').collection<Loose>('notes').findOne({ _id: 'from-writer' })).toEqual({
      _id: 'from-writer',
      text: 'hello',
    });
    await reader
      .db('cli')
      .collection<Loose>('notes')
      .updateOne({ _id: 'from-writer' }, { $set: { replied: true } });
    expect(await writer.db('cli').collection<Loose>('notes').findOne({ _id: 'from-writer' })).toEqual({
      _id: 'from-writer',
      text: 'hello',
      replied: true,
    });
    await Promise.all(clients.splice(0).map((c) => c.close()));

    // SIGTERM to the process group, as a terminal or a service manager sends it: npm starts the server as a
    // grandchild and (npm 11) exits at once on SIGTERM itself, so only the group reaches the server.
    cli.killGroup('SIGTERM');
    await cli.groupGone();
    expect(await refusesConnections(port)).toBe(true);
    expect(cli.stderr()).not.toContain('error while closing');
  });

  it('exits with code 0 on SIGTERM, having flushed its data directory', async () => {
    const cli = await spawnServerCli(['--port', '0', '--dbpath', tempDir()]);
    running.push(cli);
    const client = await connect(cli.port);
    await client
      .db('cli')
      .collection<Loose>('kept')
      .insertMany([{ _id: 1 }, { _id: 2 }]);
    await Promise.all(clients.splice(0).map((c) => c.close()));

    process.kill(cli.child.pid ?? 0, 'SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(await refusesConnections(cli.port)).toBe(true);

    // The directory was released and holds the data.
    const reopened = await startEmbedded({ dbPath: tempDir(), dbName: 'cli' });
    try {
      expect(await reopened.db.collection('kept').countDocuments()).toBe(2);
    } finally {
      await reopened.close();
    }
  });
});
