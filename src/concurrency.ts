// Bounds how many of one kind of heavy task run at once in this process.

/**
 * Runs at most `limit` tasks at once; the others wait their turn, first come first served. For requests whose work
 * holds a lot in memory while the database answers (a license summary of 1,000 License IDs): past a few at once they
 * only queue for the same two cores and one database, while each in flight keeps its rows alive — so fifty at once
 * would take fifty times the memory for no more throughput.
 */
export function createConcurrencyLimit(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (running < limit) running++;
    // A finishing task hands its place straight to the next in line, so `running` stays as it is.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
