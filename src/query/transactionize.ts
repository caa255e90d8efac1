/**
 * transactionize (transactionize-operator.md): messages that share a value of any of the fields are one
 * transaction, transitively (A; A,B; B,C are one), then each is cut, in time order, where a message would make
 * it longer than `maxSpanMs`, follow the previous one by more than `maxPauseMs`, or make more than `maxLogs`.
 * Runs in JS on the messages' keys, times and field values (a pre-pass query); the result joins back in SQL.
 */
export interface TransactionOptions {
  maxSpanMs: number | null;
  maxPauseMs: number | null;
  maxLogs: number | null;
}

/** One message of the pre-pass: its key, its time and the transaction fields' values (null when absent). */
export interface TransactionInput {
  key: [string, string];
  time: number;
  values: (string | null)[];
}

export interface TransactionRow {
  source: string;
  key: string;
  group: number;
  duration: number;
  size: number;
}

/** Messages in time order (ties by key) → their transaction; messages with none of the fields have none. */
export function transactionize(input: readonly TransactionInput[], options: TransactionOptions): TransactionRow[] {
  const rows = [...input].sort((a, b) => a.time - b.time || cmp(a.key[0], b.key[0]) || cmp(a.key[1], b.key[1]));
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) [parent[i], i] = [root, parent[i]];
    return root;
  };
  const firstWith = new Map<string, number>();
  rows.forEach((r, i) => {
    r.values.forEach((v, field) => {
      if (v === null || v === '') return;
      const id = `${field}\u0000${v}`;
      const other = firstWith.get(id);
      if (other === undefined) firstWith.set(id, i);
      else {
        const [a, b] = [find(other), find(i)];
        // The earlier message's root stays the root, so a component is named by its first message.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    });
  });
  const members = new Map<number, number[]>();
  rows.forEach((r, i) => {
    if (!r.values.some((v) => v !== null && v !== '')) return;
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(i);
    else members.set(root, [i]);
  });
  const transactions: number[][] = [];
  for (const list of members.values()) {
    let current: number[] = [];
    for (const i of list) {
      const start = current.length ? rows[current[0]].time : rows[i].time;
      const last = current.length ? rows[current[current.length - 1]].time : rows[i].time;
      const cut =
        current.length > 0 &&
        ((options.maxLogs !== null && current.length >= options.maxLogs) ||
          (options.maxPauseMs !== null && rows[i].time - last > options.maxPauseMs) ||
          (options.maxSpanMs !== null && rows[i].time - start > options.maxSpanMs));
      if (cut) {
        transactions.push(current);
        current = [];
      }
      current.push(i);
    }
    transactions.push(current);
  }
  // Numbered 1, 2, … by their first message, so the numbers do not depend on the database.
  transactions.sort((a, b) => a[0] - b[0]);
  return transactions.flatMap((t, n) => {
    const duration = rows[t[t.length - 1]].time - rows[t[0]].time;
    return t.map((i) => ({ source: rows[i].key[0], key: rows[i].key[1], group: n + 1, duration, size: t.length }));
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
