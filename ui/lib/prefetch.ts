/**
 * Requests a page needs, started while its code chunk is still downloading: the route starts them,
 * the page takes the answer (or starts the request itself when nothing was prefetched).
 */
const pending = new Map<string, Promise<unknown>>();

/** Starts `load` under `key` unless it is already under way. */
export function prefetch<T>(key: string, load: () => Promise<T>): void {
  if (!pending.has(key)) {
    const promise = load();
    promise.catch(() => undefined); // the page that takes it reports the error
    pending.set(key, promise);
  }
}

/** The prefetched answer for `key` (once), else a fresh `load()`. */
export function takePrefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return promise ?? load();
}
