import { Binary, UUID } from 'bson';
import os from 'node:os';
import { mongoError } from '../errors';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE, MAX_WRITE_BATCH_SIZE } from '../wire/protocol';
import { asNumber, commandName } from './args';
import type { CommandHandler } from './context';

export const SERVER_VERSION = '7.0.0';
/** MongoDB 7.0's wire version: recent enough for every current driver. */
const MAX_WIRE_VERSION = 21;

/**
 * The handshake answer of a standalone server. No `topologyVersion` (the driver would then expect
 * streaming, awaitable hellos) and no `setName` / `$clusterTime` (not a replica set).
 */
const hello: CommandHandler = ({ cmd, connectionId }) => {
  const legacy = commandName(cmd).toLowerCase() === 'ismaster';
  return {
    ...(cmd.helloOk ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
};

const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  javascriptEngine: 'none',
  ok: 1,
});

const getParameter: CommandHandler = ({ cmd }, server) => {
  const wanted = Object.keys(cmd).filter((k) => k !== 'getParameter' && !k.startsWith('$') && k !== 'lsid');
  const all: Record<string, unknown> = {
    featureCompatibilityVersion: { version: '7.0' },
    ttlMonitorSleepSecs: server.params.ttlMonitorSleepSecs,
  };
  if (cmd.getParameter === '*') return { ...all, ok: 1 };
  const out: Record<string, unknown> = {};
  for (const k of wanted) {
    if (!(k in all)) throw mongoError('InvalidOptions', `no option found to get: ${k}`);
    out[k] = all[k];
  }
  return { ...out, ok: 1 };
};

const setParameter: CommandHandler = ({ cmd }, server) => {
  const secs = asNumber(cmd.ttlMonitorSleepSecs);
  const others = Object.keys(cmd).filter(
    (k) => !['setParameter', 'ttlMonitorSleepSecs', '$db', 'lsid', '$readPreference'].includes(k),
  );
  if (others.length)
    throw mongoError(
      'InvalidOptions',
      `attempted to set unrecognized parameter [${others[0]}], use help:true to see options`,
    );
  if (secs === undefined || !Number.isInteger(secs) || secs < 1)
    throw mongoError('BadValue', 'ttlMonitorSleepSecs must be a whole number of seconds ≥ 1');
  const was = server.params.ttlMonitorSleepSecs;
  server.params.ttlMonitorSleepSecs = secs;
  return { was, ok: 1 };
};

const hostInfo: CommandHandler = () => ({
  system: {
    currentTime: new Date(),
    hostname: '127.0.0.1',
    cpuAddrSize: 64,
    numCores: os.cpus().length,
    memSizeMB: Math.round(os.totalmem() / 2 ** 20),
  },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
  ok: 1,
});

const serverStatus: CommandHandler = (_req, server) => ({
  host: '127.0.0.1',
  version: SERVER_VERSION,
  process: 'embedded-mongo',
  pid: process.pid,
  uptime: Math.floor((Date.now() - server.startedAt.getTime()) / 1000),
  localTime: new Date(),
  connections: { ...server.stats.connections, available: 1_000_000 },
  opcounters: { ...server.stats.opcounters },
  mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / 2 ** 20) },
  metrics: {
    // mongod's names: `scanned` counts index keys, `scannedObjects` documents examined.
    queryExecutor: { scanned: server.stats.keysExamined, scannedObjects: server.stats.docsExamined },
    document: { returned: server.stats.docsReturned, deleted: server.stats.ttlDeleted },
    cursor: { open: { total: server.cursors.size } },
    ttl: { deletedDocuments: server.stats.ttlDeleted },
  },
  ok: 1,
});

const ok: CommandHandler = () => ({ ok: 1 });

const startSession: CommandHandler = () => ({ id: { id: new UUID() as unknown as Binary }, timeoutMinutes: 30, ok: 1 });

const noTransactions: CommandHandler = ({ cmd }) => {
  throw mongoError(
    'IllegalOperation',
    `${commandName(cmd)}: transactions are not supported by the embedded MongoDB-compatible server`,
  );
};

const whatsmyuri: CommandHandler = () => ({ you: '127.0.0.1', ok: 1 });

const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  getParameter,
  setParameter,
  hostInfo,
  serverStatus,
  whatsmyuri,
  connectionStatus,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  startSession,
  abortTransaction: noTransactions,
  commitTransaction: noTransactions,
};
