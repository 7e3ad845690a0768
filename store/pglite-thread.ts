import { Duplex } from 'node:stream';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/**
 * PGlite on a worker thread (`pglite-thread.mjs`), reached by node-postgres through MessagePorts.
 *
 * PGlite runs Postgres in WebAssembly on the thread that calls it. In-process, a request to the API
 * paid Postgres, PGlite's decoding of the answer, Drizzle and Express one after the other on one
 * core, and every other request waited. On its own thread, Postgres works while the main thread
 * decodes, maps and answers: both cores of a small server are used, as with a PostgreSQL server.
 * Nothing leaves the process: no socket, no port, no file.
 */
export class PgliteThread {
  private readonly sockets = new Set<PortSocket>();
  /** Why the thread stopped, once it stopped without being closed. */
  private stopped: Error | undefined;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    // a thread that dies (Postgres aborted in WebAssembly) fails every connection at once instead of
    // leaving its queries waiting for answers that will never come
    const stop = (reason: Error) => {
      if (this.closing || this.stopped) return;
      this.stopped = reason;
      for (const socket of this.sockets) socket.destroy(reason);
    };
    worker.on('error', (error) => stop(new Error(`the PGlite thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => stop(new Error(`the PGlite thread exited with code ${code}`)));
  }

  /** Starts the thread and opens PGlite on `dataDir` (a folder, or `memory://`). */
  static async start(dataDir: string): Promise<PgliteThread> {
    const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dataDir } });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the PGlite thread exited with code ${code} before it was ready`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: { type: string; message?: string; stack?: string }) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.type === 'ready') resolve();
        else reject(Object.assign(new Error(`PGlite could not open ${dataDir}: ${message.message}`), { cause: message.stack }));
      });
    });
    return new PgliteThread(worker);
  }

  /** A socket-like stream for node-postgres (`stream` option of a client or pool). */
  socket(): Duplex {
    const { port1, port2 } = new MessageChannel();
    const socket = new PortSocket(port1);
    if (this.stopped) {
      const reason = this.stopped;
      process.nextTick(() => socket.destroy(reason));
      return socket;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    this.worker.postMessage({ type: 'connect', port: port2 }, [port2]);
    return socket;
  }

  /** Closes PGlite (after the connections are ended) and stops the thread. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.stopped) return;
    await new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' });
    });
    await this.worker.terminate();
  }
}

/** The part of `net.Socket` node-postgres uses, over a MessagePort. */
class PortSocket extends Duplex {
  constructor(private readonly port: MessagePort) {
    super();
    port.on('message', (chunk: Uint8Array) => this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('close', () => this.push(null));
  }

  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    this.port.ref();
    return this;
  }

  unref(): this {
    this.port.unref();
    return this;
  }

  override _read(): void {
    // pushed as messages arrive
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.port.postMessage(chunk);
    callback();
  }

  /** node-postgres corks the stream around an extended query: its messages go as one. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.port.postMessage(Buffer.concat(chunks.map((c) => c.chunk)));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.port.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.port.close();
    callback(error);
  }
}
