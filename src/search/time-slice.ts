import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work done between two yields, by default: short enough that timers and sockets are never kept waiting. */
export const DEFAULT_SLICE_MS = 8;

/**
 * Cuts a long computation into slices of about `budgetMs`: call `due` often (it is cheap), and when it is
 * true, `await yield()` lets the event loop run (timers, I/O, a gateway heartbeat) before going on.
 *
 *   if ((++i & 255) === 0 && slicer.due) await slicer.yield();
 */
export class TimeSlicer {
  #sliceStart = performance.now();

  constructor(private readonly budgetMs = DEFAULT_SLICE_MS) {}

  /** True once the current slice has used its budget. */
  get due(): boolean {
    return performance.now() - this.#sliceStart >= this.budgetMs;
  }

  /** Lets the event loop run, then starts a new slice. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#sliceStart = performance.now();
  }

  /** Yields only if the slice is used up. */
  async maybeYield(): Promise<void> {
    if (this.due) await this.yield();
  }
}

/** Runs `fn` over `items` in time slices; `fn` must be short. */
export async function forEachSliced<T>(
  items: Iterable<T>,
  fn: (item: T) => void,
  slicer: TimeSlicer = new TimeSlicer(),
): Promise<void> {
  let i = 0;
  for (const item of items) {
    fn(item);
    if ((++i & 127) === 0 && slicer.due) await slicer.yield();
  }
}
