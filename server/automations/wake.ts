const listeners = new Set<() => void>();

/** Asks the running worker(s) of this process to look for work now instead of at the next tick. */
export function wakeWorker(): void {
  for (const l of listeners) l();
}

export function onWake(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
