import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildFullLexicon,
  buildLexicon,
  cleanTranslation,
  decodeDictdNumber,
  headwordKey,
  INPUT_PACKAGES,
  parseEntry,
  pickTranslations,
  readDictd,
  serializeLexicon,
  wordListFilter,
} from '../../scripts/build-lexicon.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function encodeDictdNumber(n: number): string {
  let s = '';
  let rest = n;
  do {
    s = (B64[rest % 64] as string) + s;
    rest = Math.floor(rest / 64);
  } while (rest > 0);
  return s;
}

/** A tiny dictd dictionary: entries in order, with their index. */
function makeDictd(entries: string[]): { index: string; data: Buffer } {
  const parts: Buffer[] = [];
  const lines: string[] = ['00databaseshort\tA\tB'];
  let offset = 0;
  for (const entry of entries) {
    const bytes = Buffer.from(entry, 'utf8');
    const headword = (entry.split('\n')[0] as string).replace(/\s*\/.*$/u, '').toLowerCase();
    lines.push(`${headword}\t${encodeDictdNumber(offset)}\t${encodeDictdNumber(bytes.length)}`);
    parts.push(bytes);
    offset += bytes.length;
  }
  return { index: `${lines.join('\n')}\n`, data: Buffer.concat(parts) };
}

const SAMPLE = [
  'Channel /tʃænl/\nla Manche\n',
  'channel /tʃænl/\n1. canal\n2. tube, tuyau\n',
  'agent /eidʒənt/\n1. agent\n2. instrument, outil, produit, ustensile\n3. intermédiaire\n4. représentant\n',
  "both /bɔθ/\nles deux, l'un et l'autre, tous, toutes\n",
  'lease /liːs/\naffermer, prendre à bail\n',
  'vehicle /viːikl/\nbagnole, véhicle, voiture\n',
  'occurrence /əkjeərəns/ <n>\noccasion\n',
  'a few /əfjuː/\nquelques\n',
  'power station /pauərsteiʃən/\ncentral, centrale\n',
  'Abyssinia /əbisiniə/\n1. Abyssinie\n2. Ethiopie\n',
  'porte /x/\nporte‐monnaie\n',
  'get rid of /getridɔv/\nse débarrasser de\n',
  'réglé /x/\nréglement\n',
];

describe('dictd parsing', () => {
  it('decodes dictd base-64 numbers', () => {
    expect(decodeDictdNumber('A')).toBe(0);
    expect(decodeDictdNumber('B')).toBe(1);
    expect(decodeDictdNumber('BA')).toBe(64);
    expect(decodeDictdNumber('LNK')).toBe(11 * 64 * 64 + 13 * 64 + 10);
    for (const n of [0, 5, 63, 64, 4095, 138_301, 20_000_000])
      expect(decodeDictdNumber(encodeDictdNumber(n))).toBe(n);
    expect(() => decodeDictdNumber('A-')).toThrow();
  });

  it('parses an entry: headword without phonetics or part of speech, numbered senses', () => {
    expect(parseEntry('occurrence /əkjeərəns/ <n>\noccasion\n')).toEqual({
      headword: 'occurrence',
      senses: [['occasion']],
    });
    expect(parseEntry('channel /tʃænl/\n1. canal\n2. tube, tuyau\n')).toEqual({
      headword: 'channel',
      senses: [['canal'], ['tube', 'tuyau']],
    });
    expect(parseEntry('')).toBeUndefined();
  });
});

describe('cleaning translations', () => {
  it.each([
    ['la Manche', 'manche'],
    ["l'énergie", 'énergie'],
    ['l’énergie', 'énergie'],
    ['une action', 'action'],
    ['les deux', 'deux'],
    ['se précipiter', 'précipiter'],
    ["s'élancer", 'élancer'],
    ['acteur (théâtre)', 'acteur'],
    ['porte‐monnaie', 'porte-monnaie'],
    ['aujourd’hui', "aujourd'hui"],
    ['directeur/trice', 'directeur'],
    ['Abyssinie', 'abyssinie'],
  ])('%s → %s', (raw, clean) => {
    expect(cleanTranslation(raw)).toBe(clean);
  });

  it.each(['prendre à bail', "l'un et l'autre", 'ne ... guère', '...', '', 'x', '-trice'])(
    'refuses %j',
    (raw) => {
      expect(cleanTranslation(raw)).toBeUndefined();
    },
  );

  it('takes the first word of each sense first, at most `max`, without duplicates', () => {
    expect(
      pickTranslations(
        [['agent'], ['instrument', 'outil', 'produit'], ['intermédiaire'], ['représentant']],
        4,
      ),
    ).toEqual(['agent', 'instrument', 'intermédiaire', 'représentant']);
    expect(
      pickTranslations([['agent'], ['instrument', 'outil', 'produit'], ['intermédiaire'], ['représentant']]),
    ).toEqual(['agent', 'instrument', 'intermédiaire', 'représentant', 'outil', 'produit']);
    expect(
      pickTranslations([
        ['canal', 'canal'],
        ['tube', 'tuyau'],
      ]),
    ).toEqual(['canal', 'tube', 'tuyau']);
    expect(pickTranslations([['prendre à bail']])).toEqual(['prendre', 'bail']);
  });

  it('drops words the French word list does not know, but never proper nouns', () => {
    const isFrench = wordListFilter('voiture\nbagnole\ncoeur\n');
    expect(pickTranslations([['bagnole', 'véhicle', 'voiture']], 4, isFrench)).toEqual([
      'bagnole',
      'voiture',
    ]);
    expect(pickTranslations([['cœur']], 4, isFrench)).toEqual(['cœur']);
    expect(pickTranslations([['Abyssinie', 'Ethiopie']], 4, isFrench)).toEqual(['abyssinie', 'ethiopie']);
  });
});

describe('headwords', () => {
  it('keeps single words and plain two-word forms, lower-cased', () => {
    expect(headwordKey('Channel')).toBe('channel');
    expect(headwordKey('power station')).toBe('power station');
    expect(headwordKey('a few')).toBeUndefined();
    expect(headwordKey('get rid of')).toBeUndefined();
    expect(headwordKey('sharp‐edged')).toBeUndefined();
    expect(headwordKey("Achilles' heel")).toBeUndefined();
  });
});

describe('buildLexicon', () => {
  const dict = makeDictd(SAMPLE);

  it('builds the expected entries from a small dictionary', () => {
    const lexicon = buildLexicon(dict, () => true, 4);
    expect(lexicon.get('channel')).toEqual(['canal', 'tube', 'tuyau']); // not "Channel" → la Manche
    expect(lexicon.get('abyssinia')).toEqual(['abyssinie', 'ethiopie']);
    expect(lexicon.get('agent')).toEqual(['agent', 'instrument', 'intermédiaire', 'représentant']);
    expect(lexicon.get('both')).toEqual(['deux', 'tous', 'toutes']);
    expect(lexicon.get('lease')).toEqual(['affermer']);
    expect(lexicon.get('power station')).toEqual(['central', 'centrale']);
    expect(lexicon.get('porte')).toEqual(['porte-monnaie']);
    expect(lexicon.has('a few')).toBe(false);
    expect(lexicon.has('get rid of')).toBe(false);
    expect(lexicon.has('00databaseshort')).toBe(false);
  });

  it('filters with a word list and falls back on a cognate headword', () => {
    const isFrench = wordListFilter('voiture\nbagnole\nréglé\n');
    const lexicon = buildLexicon(dict, isFrench);
    expect(lexicon.get('vehicle')).toEqual(['bagnole', 'voiture']);
    expect(lexicon.get('réglé')).toEqual(['réglé']); // "réglement" is a typo; the headword is French
    expect(lexicon.has('lease')).toBe(false);
  });

  it('serializes deterministically, sorted, one entry per line', () => {
    const a = serializeLexicon(buildLexicon(dict));
    const b = serializeLexicon(buildLexicon(makeDictd([...SAMPLE].reverse())));
    expect(a).toBe(b);
    const lines = a.trim().split('\n');
    expect(lines[0]).toBe('{');
    expect(lines.at(-1)).toBe('}');
    expect(JSON.parse(a)).toEqual(Object.fromEntries(buildLexicon(dict)));
  });

  describe('from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a dictd index and its gzip-compressed data', () => {
      writeFileSync(join(dir, 'tiny.index'), dict.index);
      writeFileSync(join(dir, 'tiny.dict.dz'), gzipSync(dict.data));
      expect(buildLexicon(readDictd(join(dir, 'tiny')))).toEqual(buildLexicon(dict));
    });
  });

  // The full build needs the Debian packages listed in scripts/build-lexicon.ts (about 30 s).
  const installed =
    existsSync('/usr/share/dictd/freedict-eng-fra.index') &&
    existsSync('/usr/share/dict/french') &&
    INPUT_PACKAGES.every((p) => existsSync(`/usr/share/doc/${p}`));
  it.skipIf(!installed)(
    'rebuilds the committed en-fr.json exactly from the Debian packages',
    () => {
      const committed = readFileSync(new URL('../../src/search/lexicon/en-fr.json', import.meta.url), 'utf8');
      expect(serializeLexicon(buildFullLexicon())).toBe(committed);
    },
    180_000,
  );
});
