import net from 'node:net';
import type { MongoClient } from 'mongodb';
import { connectClient, freePort, spawnCli, type CliProcess, type Loose } from '../../helpers/embedded';

describe('the standalone CLI', () => {
  let cli: CliProcess | undefined;
  const clients: MongoClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.killGroup('SIGKILL');
      await cli.exited;
    }
  });

  it('serves two separate clients on the port it was given, and stops on SIGTERM with exit code 0', async () => {
    const port = await freePort();
    cli = await spawnCli('npm', ['run', 'embedded-mongo', '--', '--port', String(port)]);
    expect(cli.port).toBe(port);

    const writer = await connectClient(`mongodb://127.0.0.1:${port}/`);
    clients.push(writer);
    const reader = await connectClient(`mongodb://127.0.0.1:${port}/`);
    clients.push(reader);
    await writer.db('cli').collection<Loose>('notes').insertOne({ _id: 'from-writer', text: 'hello' });
    expect(await reader.db('cli').collection<Loose>('notes').findOne({ _id: 'from-writer' })).toEqual({ _id: 'from-writer', text: 'hello' });
    await reader.db('cli').collection<Loose>('notes').updateOne({ _id: 'from-writer' }, { $set: { replied: true } });
    expect(await writer.db('cli').collection<Loose>('notes').findOne({ _id: 'from-writer' })).toEqual({ _id: 'from-writer', text: 'hello', replied: true });

    await Promise.all(clients.splice(0).map((c) => c.close()));
    // npm passes the signal on to the server it started.
    cli.child.kill('SIGTERM');
    const { code, signal } = await cli.exited;
    expect({ code, signal, stderr: cli.stderr() }).toMatchObject({ code: 0, signal: null });
    // And the server itself is gone, not orphaned behind npm.
    expect(await refusesConnections(port)).toBe(true);
  });
});

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
