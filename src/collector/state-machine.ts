import { AppError } from '../core/errors.js';
import type { DataType } from '../model/message.js';
import type { DataTypeState, SourceState, SourceStateName } from '../model/source.js';

/**
 * The lifecycle of a source, as the API shows it. The collector moves a source forward
 * (Pending → Started → Initialized → Authenticated → Collecting); any live state may fail into Error;
 * an update or restart sends it back to Pending; a delete moves it to Stopping, which is final.
 * A retry after a retryable error goes from Error straight back to Started. A source in Error because every
 * data type failed goes back to Collecting when one of them collects again.
 */
const allowed: Record<SourceStateName, readonly SourceStateName[]> = {
  Pending: ['Started', 'Error', 'Stopping'],
  Started: ['Initialized', 'Error', 'Stopping', 'Pending'],
  Initialized: ['Authenticated', 'Error', 'Stopping', 'Pending'],
  Authenticated: ['Collecting', 'Error', 'Stopping', 'Pending'],
  Collecting: ['Error', 'Stopping', 'Pending'],
  Error: ['Started', 'Collecting', 'Pending', 'Stopping'],
  Stopping: [],
};

export function canTransition(from: SourceStateName, to: SourceStateName): boolean {
  return allowed[from].includes(to);
}

/** Data types have a state only while their loops run: in Collecting, or in an Error they all share. */
function runsDataTypes(state: SourceStateName): boolean {
  return state === 'Collecting' || state === 'Error';
}

/**
 * Holds one source's current state and its data types' states. Repeats of the same state are ignored (an
 * Error with new details is an update, not a transition); an invalid transition throws
 * `state.invalidTransition` and changes nothing. Leaving Collecting and Error for any other state drops the
 * data types' states: they start afresh when collection does.
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
    const dataTypes = runsDataTypes(next.state) ? this.current.dataTypes : undefined;
    const moved: SourceState = { state: next.state, ...(next.error ? { error: next.error } : {}), ...(dataTypes ? { dataTypes } : {}) };
    if (from === next.state) {
      if (next.state !== 'Error' || sameError(this.current, next)) return false;
      this.current = moved;
      return true;
    }
    if (!canTransition(from, next.state)) {
      throw new AppError('state.invalidTransition', `a source cannot go from ${from} to ${next.state}`);
    }
    this.current = moved;
    return true;
  }

  /** Records one data type's state; returns true when it changed. Only a source whose data types run has them. */
  setDataType(dataType: DataType, next: DataTypeState): boolean {
    const from = this.current.state;
    if (!runsDataTypes(from)) throw new AppError('state.invalidTransition', `a source in ${from} has no data types running`);
    const dataTypes = this.current.dataTypes ?? {};
    if (JSON.stringify(dataTypes[dataType]) === JSON.stringify(next)) return false;
    this.current = { ...this.current, dataTypes: { ...dataTypes, [dataType]: next } };
    return true;
  }
}

function sameError(a: SourceState, b: SourceState): boolean {
  const x = a.error;
  const y = b.error;
  return x?.type === y?.type && x?.code === y?.code && x?.message === y?.message && x?.retriesUntil === y?.retriesUntil;
}
