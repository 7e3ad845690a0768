import type { ControlledClock } from '../engine/clock';
import { Invalid } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';

/** The controlled engine clock (tests and demos): pin it to an instant or move it forward. */
export class ClockService {
  constructor(
    private readonly clock: ControlledClock,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Pins the clock at `pin` and/or advances it by `advanceMs` (pin first). Time only moves
   * forward: timers and due dates already judged stay judged. Throws `Invalid`.
   */
  async move(change: { pin?: number; advanceMs?: number }, principal: Principal): Promise<{ now: string }> {
    const before = this.clock.now();
    if (change.pin === undefined && change.advanceMs === undefined) throw new Invalid('give pin and/or advanceMs', [{ field: '(body)', message: 'give pin and/or advanceMs' }]);
    if (change.pin !== undefined && change.pin < before) {
      throw new Invalid(`the clock only moves forward: ${new Date(change.pin).toISOString()} is before ${new Date(before).toISOString()}`, [{ field: 'pin', message: 'earlier than the current engine time' }]);
    }
    if (change.pin !== undefined) this.clock.pin(change.pin);
    if (change.advanceMs) this.clock.advance(change.advanceMs);
    const now = this.clock.now();
    await this.audit.record({ actor: principal.id, action: 'clock.move', resource: 'engine-clock', before: { now: new Date(before).toISOString() }, after: { now: new Date(now).toISOString() } });
    return { now: new Date(now).toISOString() };
  }
}
