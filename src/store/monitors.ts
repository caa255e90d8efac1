import type { MonitorItem } from '../model/monitor.js';

/** The monitors library (folders and monitors) and the evaluation schedule of each monitor. */

export interface NewMonitorItem {
  parentId: string;
  type: MonitorItem['type'];
  name: string;
  body: Record<string, unknown>;
  isDisabled: boolean;
  createdBy: string;
}

export interface MonitorChange {
  name: string;
  body: Record<string, unknown>;
  isDisabled: boolean;
  modifiedBy: string;
}

export interface MonitorsRepository {
  /** A new item; a monitor is due for evaluation at once. */
  create(item: NewMonitorItem): Promise<MonitorItem>;
  get(id: string): Promise<MonitorItem | undefined>;
  /** The items of one folder, by name. */
  children(parentId: string): Promise<MonitorItem[]>;
  /** Replaces name, body and isDisabled, bumps the version and makes the monitor due at once; `notfound`, `precondition.failed`. */
  update(id: string, change: MonitorChange, expectedVersion?: number): Promise<MonitorItem>;
  /**
   * Removes the item (a folder with everything under it); false when there was none. With `expectedVersion`
   * only while the item still has it (`precondition.failed` otherwise), checked in the statement that
   * deletes, so a change another process commits first wins.
   */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
  /**
   * Claims up to `max` enabled monitors due at `now` and moves each one's next evaluation `intervalMs` on,
   * in one statement (on PostgreSQL with FOR UPDATE SKIP LOCKED): of several processes, exactly one gets
   * each due evaluation. A process that dies mid-evaluation loses that one; the next is an interval later.
   */
  claimDue(now: number, intervalMs: number, max: number): Promise<MonitorItem[]>;
  /**
   * Runs `work` while no other caller holds the library's install lock, in this process and (PostgreSQL) in
   * every process on the database: an install that looks for what is missing, then creates it, runs alone.
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
}
