/**
 * minisearch's own asynchronous loader yields only every 1,000 terms, and a thousand terms of a large
 * corpus carry tens of thousands of postings: 30–70 ms without a break at 20,000 paragraphs. This loader
 * fills the same structures as `MiniSearch.loadJS`, in time slices.
 *
 * It writes minisearch's internal maps (the fields `loadJS` itself fills); if a minisearch release renames
 * them, it falls back to `MiniSearch.loadJSAsync`. `tests/search/sliced-load.test.ts` checks that both
 * loaders give the same index.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { TimeSlicer } from './time-slice.js';

interface MapLike<K, V> {
  set(key: K, value: V): unknown;
  readonly size?: number;
}

/** The fields of a MiniSearch instance that `loadJS` fills. */
interface LoadedFields {
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
  _index: MapLike<string, Map<number, Map<number, number>>>;
}

function internalsOf(search: MiniSearch<unknown>): LoadedFields | undefined {
  const fields = search as unknown as Partial<LoadedFields>;
  const isMap = (v: unknown) => v instanceof Map && v.size === 0;
  if (
    isMap(fields._documentIds) &&
    isMap(fields._idToShortId) &&
    isMap(fields._fieldLength) &&
    isMap(fields._storedFields) &&
    typeof fields._index?.set === 'function'
  ) {
    return fields as LoadedFields;
  }
  return undefined;
}

async function fillNumericMap<V>(
  target: Map<number, V>,
  source: Record<string, V>,
  slicer: TimeSlicer,
): Promise<void> {
  let i = 0;
  for (const key of Object.keys(source)) {
    target.set(Number.parseInt(key, 10), source[key] as V);
    if ((++i & 255) === 0 && slicer.due) await slicer.yield();
  }
}

/** `MiniSearch.loadJS`, cut in slices of about the slicer's budget. */
export async function loadMiniSearchSliced<T>(
  js: AsPlainObject,
  options: Options<T>,
  slicer: TimeSlicer = new TimeSlicer(),
): Promise<MiniSearch<T>> {
  if (js.serializationVersion !== 2) return MiniSearch.loadJSAsync<T>(js, options);
  const search = MiniSearch.loadJS<T>(
    { ...js, index: [], documentIds: {}, fieldLength: {}, storedFields: {} },
    options,
  );
  const fields = internalsOf(search as MiniSearch<unknown>);
  if (fields === undefined) return MiniSearch.loadJSAsync<T>(js, options);

  await fillNumericMap(fields._documentIds, js.documentIds, slicer);
  await fillNumericMap(fields._fieldLength, js.fieldLength, slicer);
  await fillNumericMap(fields._storedFields, js.storedFields, slicer);
  let i = 0;
  for (const [shortId, id] of fields._documentIds) {
    fields._idToShortId.set(id, shortId);
    if ((++i & 255) === 0 && slicer.due) await slicer.yield();
  }
  let postings = 0;
  for (const [term, data] of js.index) {
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
    fields._index.set(term, byField);
    if ((++postings & 255) === 0 && slicer.due) await slicer.yield();
  }
  return search;
}
