// PGlite on its own thread, speaking the PostgreSQL wire protocol over MessagePorts.
//
// Plain JavaScript on purpose: a worker thread is loaded by Node itself, not through tsx or Jest's
// transform, and this file must load the same way under `npm start`, the tests and the benches.
// The main thread's side (store/pglite-thread.ts) connects node-postgres through a MessagePort per
// connection; the bytes are handed to PGlite unchanged, so Postgres in WebAssembly and the protocol's
// decoding run on different cores.
//
// workerData: { dataDir: string }. Messages from the parent:
//   { type: 'connect', port: MessagePort }  a new connection (startup packet first)
//   { type: 'close' }                        closes PGlite, then answers { type: 'closed' }
// To the parent: { type: 'ready' } once open, or { type: 'failed', message, stack }.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const IDLE = 0x49; // 'I'

let db;
try {
  db = new PGlite(workerData.dataDir);
  await db.waitReady;
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: String(error?.message ?? error), stack: error?.stack });
  process.exit(1);
}

/**
 * Work is serialised over every connection, as PGlite is one Postgres session. While a connection
 * holds a transaction open (its last ReadyForQuery was not idle), only its messages run; the others wait.
 */
let owner = null;
const waiting = [];
let running = false;
let nextId = 1;

function schedule(job) {
  waiting.push(job);
  drain();
}

async function drain() {
  if (running) return;
  running = true;
  try {
    while (waiting.length) {
      const index = owner === null ? 0 : waiting.findIndex((job) => job.connection === owner);
      if (index < 0) break; // the owner's next message has not arrived yet
      const [job] = waiting.splice(index, 1);
      await job.run();
    }
  } finally {
    running = false;
  }
}

/** The transaction status of the last ReadyForQuery in `output`, or undefined when there is none. */
function lastStatus(output) {
  let status;
  let offset = 0;
  while (offset + 5 <= output.length) {
    const length = ((output[offset + 1] << 24) | (output[offset + 2] << 16) | (output[offset + 3] << 8) | output[offset + 4]) >>> 0;
    if (output[offset] === READY_FOR_QUERY && length === 5) status = output[offset + 5];
    offset += 1 + length;
  }
  return status;
}

/**
 * Runs protocol messages and returns the answer's bytes, copied out of PGlite's memory. Streamed to
 * our own collector: PGlite's default collector would also decode every answer for its own `query`
 * API (a third of this thread's time), and the main thread decodes it anyway.
 */
async function execute(message) {
  const chunks = [];
  let length = 0;
  await db.execProtocolRawStream(message, {
    onRawData: (data) => {
      chunks.push(data.slice());
      length += data.length;
    },
  });
  if (chunks.length === 1) return chunks[0];
  const output = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    output.set(chunk, offset);
    offset += chunk.length;
  }
  return output;
}

function serve(port) {
  const connection = nextId++;
  let buffer = new Uint8Array(0);
  let started = false;
  let closed = false;

  const send = (output) => {
    if (closed || output.length === 0) return;
    port.postMessage(output, [output.buffer]);
  };

  const release = async () => {
    if (owner !== connection) return;
    // a connection that left a transaction open (crash, destroy) must not hold the database
    owner = null;
    try {
      await db.exec('ROLLBACK');
    } catch {
      // nothing was open after all
    }
  };

  const close = () => {
    if (closed) return;
    closed = true;
    port.close();
    schedule({ connection, run: release });
  };

  port.on('message', (chunk) => {
    const incoming = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const joined = new Uint8Array(buffer.length + incoming.length);
    joined.set(buffer, 0);
    joined.set(incoming, buffer.length);
    buffer = joined;
    // split off the complete messages: the startup packet has no type byte, every later message has one
    let offset = 0;
    let startup;
    let terminate = false;
    let from = 0;
    for (;;) {
      const header = started ? 1 : 0;
      if (buffer.length - offset < header + 4) break;
      const length = ((buffer[offset + header] << 24) | (buffer[offset + header + 1] << 16) | (buffer[offset + header + 2] << 8) | buffer[offset + header + 3]) >>> 0;
      if (buffer.length - offset < header + length) break;
      if (!started) {
        startup = buffer.slice(0, length);
        from = length;
        started = true;
      } else if (buffer[offset] === TERMINATE) {
        terminate = true;
      }
      offset += header + length;
      if (terminate) break;
    }
    if (offset === 0) return;
    // the messages that arrived together (Parse, Bind, Describe, Execute, Sync) run in one call
    const batch = buffer.slice(from, terminate ? offset - 5 : offset);
    buffer = buffer.slice(offset);
    if (startup) schedule({ connection, run: async () => send((await db.execProtocolRaw(startup)).slice()) });
    if (batch.length) {
      schedule({
        connection,
        run: async () => {
          if (closed) return;
          const output = await execute(batch);
          const status = lastStatus(output);
          // no ReadyForQuery yet (Sync still to come) holds the database for this connection too
          owner = status === IDLE ? null : connection;
          send(output);
        },
      });
    }
    if (terminate) close();
  });
  port.on('close', close);
}

parentPort.on('message', async (message) => {
  if (message.type === 'connect') serve(message.port);
  if (message.type === 'close') {
    await db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
