import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  characterClassArcs,
  coarsePos,
  composeTables,
  cyclicStates,
  expandTransducer,
  type LemmaPair,
  lemmaPairs,
  mainSection,
  parseAnalysis,
  parseAtt,
  readCompiledBidix,
  translationTable,
} from '../../scripts/apertium-lexicon.js';
import {
  frenchHead,
  MIN_SCORE,
  mergeCandidates,
  pivotCandidates,
  rankedCandidates,
  wordListFilter,
} from '../../scripts/build-lexicon.js';

/** An AT&T transducer as `lt-print` writes it: arcs `from to in out weight`, finals `state weight`. */
function att(arcs: [number, number, string, string][], finals: number[]): string {
  return [...arcs.map((a) => `${a.join('\t')}\t0.000000\t`), ...finals.map((f) => `${f}\t0.000000`)].join(
    '\n',
  );
}

// house<n> → casa<n><f> (+ <sg>/<pl> pass-through), take# over<vblex> → asumir<vblex>, a number loop,
// an [A-J] class, and a digit entry.
const ARCS: [number, number, string, string][] = [
  [0, 1, 'h', 'c'],
  [1, 2, 'o', 'a'],
  [2, 3, 'u', 's'],
  [3, 4, 's', 'a'],
  [4, 5, 'e', 'ε'],
  [5, 6, '<n>', '<n>'],
  [6, 7, 'ε', '<f>'],
  [7, 8, '<sg>', '<sg>'],
  [7, 8, '<pl>', '<pl>'],
  [0, 11, 't', 'a'],
  [11, 12, 'a', 's'],
  [12, 13, 'k', 'u'],
  [13, 14, 'e', 'm'],
  [14, 15, '#', 'i'],
  [15, 16, ' ', 'r'],
  [16, 17, 'o', '<vblex>'],
  [17, 18, 'v', 'ε'],
  [18, 19, 'e', 'ε'],
  [19, 20, 'r', 'ε'],
  [20, 8, '<vblex>', 'ε'],
  [0, 30, 'x', 'x'],
  [30, 30, 'y', 'y'],
  [30, 8, '<n>', '<n>'],
  ...'ABCDEFGHIJ'.split('').map((c): [number, number, string, string] => [0, 40, c, c]),
  [40, 8, '<n>', '<n>'],
  [0, 50, '7', '7'],
  [50, 8, '<num>', '<num>'],
];

describe('reading lt-print output', () => {
  const text = `${att(ARCS, [8])}\n--\n${att([[0, 1, 'a', 'b']], [1])}\n`;

  it('parses sections, epsilons and spaces', () => {
    const sections = parseAtt(text);
    expect(sections).toHaveLength(2);
    const main = mainSection(sections);
    expect(main.finals).toEqual(new Set([8]));
    expect(main.arcs.get(4)).toEqual([{ to: 5, input: 'e', output: '' }]);
    expect(main.arcs.get(15)).toEqual([{ to: 16, input: ' ', output: 'r' }]);
  });

  it('finds cycles and character classes', () => {
    const main = mainSection(parseAtt(text));
    expect(cyclicStates(main)).toEqual(new Set([30]));
    expect(characterClassArcs(main)).toEqual(new Set(['0:40']));
  });

  it('expands to lemma + first tag pairs, once each, skipping cycles, classes and digits', () => {
    const pairs = expandTransducer(mainSection(parseAtt(text)));
    expect(pairs).toEqual([
      ['house<n>', 'casa<n>'],
      ['take# over<vblex>', 'asumir<vblex>'],
    ]);
  });

  it('parses analyses, with the multiword queue before or after the tags', () => {
    expect(parseAnalysis('take# over<vblex>')).toEqual({ lemma: 'take over', tags: ['vblex'] });
    expect(parseAnalysis('take<vblex># over')).toEqual({ lemma: 'take over', tags: ['vblex'] });
    expect(parseAnalysis('casa<n><f>')).toEqual({ lemma: 'casa', tags: ['n', 'f'] });
    expect(parseAnalysis('<n>')).toBeUndefined();
  });

  it('maps tags to coarse parts of speech; only places among proper nouns', () => {
    expect(coarsePos(['n', 'f'])).toBe('noun');
    expect(coarsePos(['vblex'])).toBe('verb');
    expect(coarsePos(['vbmod'])).toBe('verb');
    expect(coarsePos(['adj', 'sint'])).toBe('adj');
    expect(coarsePos(['adv'])).toBe('adv');
    expect(coarsePos(['np', 'top'])).toBe('place');
    expect(coarsePos(['np', 'ant'])).toBeUndefined();
    expect(coarsePos(['pr'])).toBeUndefined();
  });

  it('turns expanded pairs into lemma pairs, untagged outputs taking the input part of speech', () => {
    expect(
      lemmaPairs([
        ['house<n>', 'casa<n>'],
        ['house<n>', 'casa<n>'],
        ['walk<vblex>', 'andar'],
        ['the<det>', 'el<det>'],
      ]),
    ).toEqual([
      { left: 'house', leftPos: 'noun', right: 'casa', rightPos: 'noun' },
      { left: 'walk', leftPos: 'verb', right: 'andar', rightPos: 'verb' },
    ]);
  });
});

const pair = (left: string, right: string, pos: LemmaPair['leftPos'] = 'noun'): LemmaPair => ({
  left,
  leftPos: pos,
  right,
  rightPos: pos,
});

describe('composing through a pivot', () => {
  it('weighs pairs found both ways above one-way ones, and keeps parts of speech apart', () => {
    const table = translationTable(
      [pair('house', 'casa'), pair('home', 'casa'), pair('run', 'correr', 'verb')],
      [pair('casa', 'house'), pair('casa', 'household')],
    );
    expect(table.get('house\tnoun')).toEqual(new Map([['casa', 1]]));
    expect(table.get('home\tnoun')).toEqual(new Map([['casa', 0.7]]));
    expect(table.get('household\tnoun')).toEqual(new Map([['casa', 0.5]]));
    expect(table.get('run\tverb')).toEqual(new Map([['correr', 0.7]]));
    expect(table.has('run\tnoun')).toBe(false);
  });

  it('adds up the paths through several pivot words, part of speech kept', () => {
    const first = new Map([
      [
        'step\tnoun',
        new Map([
          ['paso', 1],
          ['etapa', 0.5],
        ]),
      ],
      ['step\tverb', new Map([['pisar', 1]])],
    ]);
    const second = new Map([
      [
        'paso\tnoun',
        new Map([
          ['pas', 1],
          ['étape', 1],
        ]),
      ],
      ['etapa\tnoun', new Map([['étape', 1]])],
      ['pisar\tnoun', new Map([['piétinement', 1]])],
    ]);
    expect(composeTables(first, second)).toEqual(
      new Map([
        [
          'step\tnoun',
          new Map([
            ['pas', 1],
            ['étape', 1.5],
          ]),
        ],
      ]),
    );
  });

  const isFrench = wordListFilter('jour\nselon\nconverger\nrassurer\npas\nétape\n');

  it('makes single French words of French lemmas', () => {
    expect(frenchHead('rassurer', 'verb', isFrench)).toEqual({ word: 'rassurer', weight: 1 });
    expect(frenchHead('se rassurer', 'verb', isFrench)).toEqual({ word: 'rassurer', weight: 1 });
    expect(frenchHead('un jour', 'adv', isFrench)).toEqual({ word: 'jour', weight: 1 }); // article dropped
    expect(frenchHead("selon ce qu'on dit", 'adv', isFrench)).toEqual({ word: 'selon', weight: 0.5 });
    expect(frenchHead('faire converger', 'verb', isFrench)).toEqual({ word: 'converger', weight: 0.5 });
    expect(frenchHead('rassurrer', 'verb', isFrench)).toBeUndefined();
    expect(frenchHead('Allemagne', 'place', isFrench)).toEqual({ word: 'allemagne', weight: 1 });
  });

  it('scales pivot scores per part of speech and drops same-name places', () => {
    const table = new Map([
      [
        'step\tnoun',
        new Map([
          ['pas', 2],
          ['étape', 1],
        ]),
      ],
      ['step\tverb', new Map([['faire un pas', 4]])],
      ['Paris\tplace', new Map([['Paris', 1]])],
      ['Germany\tplace', new Map([['Allemagne', 1]])],
    ]);
    expect(pivotCandidates(table, isFrench)).toEqual(
      new Map([
        [
          'step',
          new Map([
            ['pas', 1],
            ['étape', 0.5],
          ]),
        ],
        ['germany', new Map([['allemagne', 1]])],
      ]),
    );
  });

  it('merges sources: agreement first, weak guesses dropped, fallbacks only for unknown words', () => {
    const freedict = rankedCandidates(new Map([['step', ['marche', 'pas', 'étape']]]));
    const spanish = new Map([
      [
        'step',
        new Map([
          ['pas', 1],
          ['étape', 0.9],
          ['échelon', 0.3],
        ]),
      ],
      ['someday', new Map([['jour', 1]])],
    ]);
    const fallback = new Map([
      ['step', new Map([['fouler', 1]])],
      ['reassure', new Map([['rassurer', 1]])],
    ]);
    const merged = mergeCandidates([
      { candidates: freedict, weight: 1 },
      { candidates: spanish, weight: 1 },
      { candidates: fallback, weight: 0.8, fallback: true },
    ]);
    expect(merged.get('step')).toEqual(['pas', 'étape', 'marche']);
    expect(0.3).toBeLessThan(MIN_SCORE); // échelon: one source, weak
    expect(merged.get('someday')).toEqual(['jour']);
    expect(merged.get('reassure')).toEqual(['rassurer']);
    expect([...merged.keys()]).toEqual(['reassure', 'someday', 'step']);
  });
});

const hasLtComp = (() => {
  try {
    execFileSync('lt-comp', ['--help'], { stdio: 'ignore' });
  } catch (error) {
    // lt-comp prints its usage and exits non-zero: it is there unless spawning failed.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  return true;
})();

describe.skipIf(!hasLtComp)(
  'compiled dictionaries (lt-comp from lttoolbox-dev, lt-print from lttoolbox)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'bidix-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const dix = `<?xml version="1.0" encoding="UTF-8"?>
<dictionary>
  <alphabet/>
  <sdefs>
    <sdef n="n"/><sdef n="vblex"/><sdef n="f"/><sdef n="sg"/><sdef n="pl"/><sdef n="np"/><sdef n="top"/>
  </sdefs>
  <section id="main" type="standard">
    <e><p><l>house<s n="n"/></l><r>casa<s n="n"/><s n="f"/></r></p></e>
    <e r="LR"><p><l>home<s n="n"/></l><r>casa<s n="n"/><s n="f"/></r></p></e>
    <e r="RL"><p><l>household<s n="n"/></l><r>casa<s n="n"/><s n="f"/></r></p></e>
    <e><p><l>take<g><b/>over</g><s n="vblex"/></l><r>asumir<s n="vblex"/></r></p></e>
    <e><p><l>Germany<s n="np"/><s n="top"/></l><r>Alemania<s n="np"/><s n="top"/></r></p></e>
  </section>
</dictionary>
`;

    it('reads both directions of a compiled bilingual dictionary', () => {
      writeFileSync(join(dir, 'en-es.dix'), dix);
      for (const direction of ['lr', 'rl']) {
        execFileSync('lt-comp', [direction, join(dir, 'en-es.dix'), join(dir, `${direction}.bin`)], {
          stdio: 'ignore',
        });
      }
      const forward = readCompiledBidix(join(dir, 'lr.bin'));
      expect(forward).toEqual(
        expect.arrayContaining([
          pair('house', 'casa'),
          pair('home', 'casa'),
          pair('take over', 'asumir', 'verb'),
          pair('Germany', 'Alemania', 'place'),
        ]),
      );
      expect(forward).toHaveLength(4);
      const backward = readCompiledBidix(join(dir, 'rl.bin'));
      expect(backward).toEqual(
        expect.arrayContaining([
          pair('casa', 'house'),
          pair('casa', 'household'),
          pair('asumir', 'take over', 'verb'),
        ]),
      );
      expect(backward).toHaveLength(4);
    });
  },
);
