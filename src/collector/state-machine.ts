import { AppError } from '../core/errors.js';
import type { SourceState, SourceStateName } from '../model/source.js';

/**
 * The lifecycle of a source, as the API shows it. The collector moves a source forward
 * (Pending → Started → Initialized → Authenticated → Collecting); any live state may fail into Error;
 * an update or restart sends it back to Pending; a delete moves it to Stopping, which is final.
 * A retry after a retryable error goes from Error straight back to Started.
 */
const allowed: Record<SourceStateName, readonly SourceStateName[]> = {
  Pending: ['Started', 'Error', 'Stopping'],
  Started: ['Initialized', 'Error', 'Stopping', 'Pending'],
  Initialized: ['Authenticated', 'Error', 'Stopping', 'Pending'],
  Authenticated: ['Collecting', 'Error', 'Stopping', 'Pending'],
  Collecting: ['Error', 'Stopping', 'Pending'],
  Error: ['Started', 'Pending', 'Stopping'],
  Stopping: [],
};

export function canTransition(from: SourceStateName, to: SourceStateName): boolean {
  return allowed[from].includes(to);
}

/**
 * Holds one source's current state. Repeats of the same state are ignored (an Error with new details is
 * an update, not a transition); an invalid transition throws `state.invalidTransition` and changes nothing.
 */
export class SourceStateMachine {
  private current: SourceState;

  constructor(initial: SourceState = { state: 'Pending' }) {
    this.current = initial;
  }

  get state(): SourceState {
    return this.current;
  }

  /** Returns true when the state changed (callers persist it then), false for an ignored repeat. */
  moveTo(next: SourceState): boolean {
    const from = this.current.state;
    if (from === next.state) {
      if (next.state !== 'Error' || sameError(this.current, next)) return false;
      this.current = next;
      return true;
    }
    if (!canTransition(from, next.state)) {
      throw new AppError('state.invalidTransition', `a source cannot go from ${from} to ${next.state}`);
    }
    this.current = next;
    return true;
  }
}

function sameError(a: SourceState, b: SourceState): boolean {
  const x = a.error;
  const y = b.error;
  return x?.type === y?.type && x?.code === y?.code && x?.message === y?.message && x?.retriesUntil === y?.retriesUntil;
}
