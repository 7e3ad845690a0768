/** The engine's source of time; injectable so tests and demos can pin and advance it. */
export interface Clock {
  now(): number;
  /** Called whenever the time jumps (controlled clock only); returns an unsubscribe function. */
  onJump(listener: () => void): () => void;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  onJump(): () => void {
    return () => undefined;
  }
}

/**
 * A clock that can be pinned to an instant or moved forward, like Zeebe 8.6's clock actuator.
 * Unpinned it follows the system clock plus the accumulated offset.
 */
export class ControlledClock implements Clock {
  private pinnedAt: number | undefined;
  private offset = 0;
  private readonly listeners = new Set<() => void>();

  now(): number {
    return this.pinnedAt ?? Date.now() + this.offset;
  }

  /** Stops time at `epochMs`. */
  pin(epochMs: number): void {
    this.pinnedAt = epochMs;
    this.emit();
  }

  /** Moves time forward by `ms` (pinned or not). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the clock only moves forward');
    if (this.pinnedAt !== undefined) this.pinnedAt += ms;
    else this.offset += ms;
    this.emit();
  }

  /** Back to the system clock. */
  reset(): void {
    this.pinnedAt = undefined;
    this.offset = 0;
    this.emit();
  }

  onJump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
