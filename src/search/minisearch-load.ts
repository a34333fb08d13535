/**
 * minisearch's own asynchronous loader yields only every 1,000 terms, and a thousand terms of a large
 * corpus carry tens of thousands of postings: 30–70 ms without a break at 20,000 paragraphs. This loader
 * fills the same structures as `MiniSearch.loadJS`, in time slices, and can take the serialized index in
 * parts (as they arrive from a worker thread) so that the parts can be dropped as soon as they are stored.
 *
 * It writes minisearch's internal maps (the fields `loadJS` itself fills); if a minisearch release renames
 * them, it falls back to `MiniSearch.loadJSAsync` on the whole. `tests/search/sliced-load.test.ts` checks
 * that both loaders give the same index.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { TimeSlicer } from './time-slice.js';

interface MapLike<K, V> {
  set(key: K, value: V): unknown;
}

/** The fields of a MiniSearch instance that `loadJS` fills. */
interface LoadedFields {
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _index: MapLike<string, Map<number, Map<number, number>>>;
}

/** The parts of a serialized index that are keyed by document (short id → value). */
export type DocumentPart = 'documentIds' | 'fieldLength' | 'storedFields';

function internalsOf(search: MiniSearch<unknown>): LoadedFields | undefined {
  const fields = search as unknown as Partial<LoadedFields>;
  const isEmptyMap = (v: unknown) => v instanceof Map && v.size === 0;
  if (
    isEmptyMap(fields._documentIds) &&
    isEmptyMap(fields._idToShortId) &&
    isEmptyMap(fields._fieldLength) &&
    isEmptyMap(fields._storedFields) &&
    typeof fields._index?.set === 'function'
  ) {
    return fields as LoadedFields;
  }
  return undefined;
}

/** `[key, value]` of an object, without building the array of all its entries. */
export function* entriesOf<V>(object: Record<string, V>): Generator<[string, V]> {
  for (const key of Object.keys(object)) yield [key, object[key] as V];
}

/**
 * Rebuilds a MiniSearch index from `MiniSearch#toJSON()` given in parts: first the header (the object with
 * its big parts empty or partial), then any number of `addDocuments` / `addTerms`, then `finish`.
 */
export class MiniSearchLoader<T> {
  readonly #options: Options<T>;
  readonly #slicer: TimeSlicer;
  readonly #search: MiniSearch<T> | undefined;
  readonly #fields: LoadedFields | undefined;
  /** Without access to the internals: everything is gathered, then loaded by minisearch itself. */
  readonly #whole: AsPlainObject | undefined;

  constructor(header: AsPlainObject, options: Options<T>, slicer: TimeSlicer = new TimeSlicer()) {
    this.#options = options;
    this.#slicer = slicer;
    const empty = { ...header, index: [], documentIds: {}, fieldLength: {}, storedFields: {} };
    if (header.serializationVersion === 2) {
      this.#search = MiniSearch.loadJS<T>(empty, options);
      this.#fields = internalsOf(this.#search as MiniSearch<unknown>);
    }
    if (this.#fields === undefined) this.#whole = empty;
  }

  async addDocuments(part: DocumentPart, entries: Iterable<[string, unknown]>): Promise<void> {
    const slicer = this.#slicer;
    let i = 0;
    if (this.#whole) {
      const target = this.#whole[part] as Record<string, unknown>;
      for (const [key, value] of entries) target[key] = value;
      return;
    }
    const fields = this.#fields as LoadedFields;
    const target =
      part === 'documentIds'
        ? fields._documentIds
        : part === 'fieldLength'
          ? fields._fieldLength
          : fields._storedFields;
    for (const [key, value] of entries) {
      (target as Map<number, unknown>).set(Number.parseInt(key, 10), value);
      if ((++i & 255) === 0 && slicer.due) await slicer.yield();
    }
  }

  async addTerms(terms: Iterable<AsPlainObject['index'][number]>): Promise<void> {
    if (this.#whole) {
      for (const term of terms) this.#whole.index.push(term);
      return;
    }
    const slicer = this.#slicer;
    const index = (this.#fields as LoadedFields)._index;
    let postings = 0;
    for (const [term, data] of terms) {
      const byField = new Map<number, Map<number, number>>();
      for (const fieldId of Object.keys(data)) {
        const entry = data[fieldId] as Record<string, number>;
        const frequencies = new Map<number, number>();
        for (const shortId of Object.keys(entry)) {
          frequencies.set(Number.parseInt(shortId, 10), entry[shortId] as number);
          if ((++postings & 255) === 0 && slicer.due) await slicer.yield();
        }
        byField.set(Number.parseInt(fieldId, 10), frequencies);
      }
      index.set(term, byField);
      if ((++postings & 255) === 0 && slicer.due) await slicer.yield();
    }
  }

  async finish(): Promise<MiniSearch<T>> {
    if (this.#whole) return MiniSearch.loadJSAsync<T>(this.#whole, this.#options);
    const fields = this.#fields as LoadedFields;
    const slicer = this.#slicer;
    let i = 0;
    for (const [shortId, id] of fields._documentIds) {
      fields._idToShortId.set(id, shortId);
      if ((++i & 255) === 0 && slicer.due) await slicer.yield();
    }
    return this.#search as MiniSearch<T>;
  }
}

/** `MiniSearch.loadJS`, cut in slices of about the slicer's budget. */
export async function loadMiniSearchSliced<T>(
  js: AsPlainObject,
  options: Options<T>,
  slicer: TimeSlicer = new TimeSlicer(),
): Promise<MiniSearch<T>> {
  if (js.serializationVersion !== 2) return MiniSearch.loadJSAsync<T>(js, options);
  const loader = new MiniSearchLoader<T>(js, options, slicer);
  await loader.addDocuments('documentIds', entriesOf(js.documentIds));
  await loader.addDocuments('fieldLength', entriesOf(js.fieldLength));
  await loader.addDocuments('storedFields', entriesOf(js.storedFields));
  await loader.addTerms(js.index);
  return loader.finish();
}
