import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index';

/**
 * `npm run embedded-mongo -- --port N [--dbpath DIR]`: the embedded server on its own, so that several
 * app instances can share it. In memory unless --dbpath is given.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '27017' }, dbpath: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a TCP port number, got '${values.port}'`);
  const server = await startEmbeddedMongo({
    port,
    dbPath: values.dbpath ?? ':memory:',
    log: (level, message) => process.stderr.write(`[embedded-mongo] ${level}: ${message}\n`),
  });
  process.stdout.write(
    `embedded-mongo listening on 127.0.0.1:${server.port} (${values.dbpath ? `data in ${values.dbpath}` : 'in memory'})\n`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`[embedded-mongo] error while closing: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`[embedded-mongo] ${err.message}\n`);
  process.exit(1);
});
