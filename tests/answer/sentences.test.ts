import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explainSentences,
  SENTENCE_RULES,
  type SentenceRuleName,
  splitSentences,
} from '../../src/answer/sentences.js';

const seedsDir = new URL('../../seeds/', import.meta.url);

const sentences = (p: string): string[] => splitSentences(p).map(({ start, end }) => p.slice(start, end));
const without = (p: string, rule: SentenceRuleName): string[] =>
  explainSentences(p, { disable: [rule] }).spans.map(({ start, end }) => p.slice(start, end));
const rulesFired = (p: string): SentenceRuleName[] => explainSentences(p).decisions.map((d) => d.rule);

/** Checks the span invariants for any input. */
function checkSpans(text: string): void {
  const spans = splitSentences(text);
  let previousEnd = 0;
  const covered = new Array<boolean>(text.length).fill(false);
  for (const { start, end } of spans) {
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(text.length);
    expect(/\s/.test(text[start] as string)).toBe(false);
    expect(/\s/.test(text[end - 1] as string)).toBe(false);
    for (let i = start; i < end; i++) covered[i] = true;
    previousEnd = end;
  }
  for (let i = 0; i < text.length; i++) {
    if (!/\s/.test(text[i] as string)) expect(covered[i], `char ${i} of ${JSON.stringify(text)}`).toBe(true);
  }
}

describe('splitSentences: basics', () => {
  it('splits a paragraph from the seeds into verbatim, trimmed sentences', () => {
    const p =
      'Elon Musk multiplie les annonces spectaculaires dans le domaine de l’intelligence artificielle. ' +
      'Après l’ouverture en open source de son modèle Grok 2.5, il ambitionne désormais de disposer de ' +
      'l’équivalent de 50 millions de GPU H100 sur cinq ans.';
    expect(sentences(p)).toEqual([
      'Elon Musk multiplie les annonces spectaculaires dans le domaine de l’intelligence artificielle.',
      'Après l’ouverture en open source de son modèle Grok 2.5, il ambitionne désormais de disposer de l’équivalent de 50 millions de GPU H100 sur cinq ans.',
    ]);
  });

  it('splits after a question mark followed by a capital (seeds)', () => {
    const p =
      'Pour les observateurs, plusieurs questions demeurent : les infrastructures électriques et logistiques ' +
      'pourront-elles suivre un tel rythme ? Les limites physiques et énergétiques risquent de devenir ' +
      'centrales dans une économie où la demande en GPU explose.';
    const s = sentences(p);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatch(/rythme \?$/);
    expect(s[1]).toMatch(/^Les limites/);
  });

  it('returns nothing for empty or blank text and one span for text without a period', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\u00a0 ')).toEqual([]);
    const title = '  Grok 5 : un pas vers l’IA générale  ';
    expect(splitSentences(title)).toEqual([{ start: 2, end: title.length - 2 }]);
  });

  it('keeps "xAI." and "l’IA." as sentence ends (not initials)', () => {
    const p =
      'Valor Equity Partners mène les discussions avec des prêteurs dédiés à xAI. La stratégie de Musk ' +
      'touche l’IA. Elle vise aussi l’énergie.';
    expect(sentences(p)).toHaveLength(3);
  });

  it('splits every seed paragraph with the invariants intact and no sentence starting with a closing mark', () => {
    const files = readdirSync(seedsDir).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(0);
    let total = 0;
    for (const f of files) {
      for (const p of readFileSync(new URL(f, seedsDir), 'utf8').split(/\n\s*\n/)) {
        checkSpans(p);
        for (const s of sentences(p)) {
          expect(s).not.toMatch(/^[»”)\]]/);
          total++;
        }
      }
    }
    expect(total).toBeGreaterThan(50);
  });
});

describe('splitSentences: repair rules', () => {
  it('lists its rules by name', () => {
    expect([...SENTENCE_RULES].sort()).toEqual(
      [
        'abbreviation',
        'closing-quote',
        'colon',
        'decimal',
        'ellipsis',
        'etc',
        'initial',
        'quote',
        'title',
      ].sort(),
    );
  });

  it('title: no break after M., Mme., Dr., MM., St.', () => {
    const p =
      'M. Dupont est arrivé. Mme. Durand aussi. Le Dr. House soigne. MM. Martin et Petit ont signé. ' +
      'St. Louis est loin.';
    expect(sentences(p)).toEqual([
      'M. Dupont est arrivé.',
      'Mme. Durand aussi.',
      'Le Dr. House soigne.',
      'MM. Martin et Petit ont signé.',
      'St. Louis est loin.',
    ]);
    expect(without(p, 'title').length).toBeGreaterThan(5);
    expect(sentences('Selon M. Le Pen, rien ne change. Fin.')).toHaveLength(2);
  });

  it('title: a title before a name of the seeds', () => {
    const p = 'Le PDG de NVIDIA, M. Jensen Huang, a salué la performance. Elle est « superhumaine ».';
    expect(sentences(p)).toEqual([
      'Le PDG de NVIDIA, M. Jensen Huang, a salué la performance.',
      'Elle est « superhumaine ».',
    ]);
    expect(rulesFired(p)).toEqual(['title']);
  });

  it('initial: no break after a single-letter initial before a name', () => {
    const p = 'Selon J. Huang, la demande explose. U.S. Steel a vendu ses parts.';
    expect(sentences(p)).toEqual(['Selon J. Huang, la demande explose.', 'U.S. Steel a vendu ses parts.']);
    expect(rulesFired(p)).toEqual(['initial', 'initial']);
    expect(without(p, 'initial')).toHaveLength(4);
  });

  it('initial: still breaks when a usual sentence opener follows ("le plan B. Il …")', () => {
    expect(
      sentences('Il reste le plan B. Il a pourtant échoué. L’entreprise a vu la vitamine C. Ce fut bref.'),
    ).toEqual([
      'Il reste le plan B.',
      'Il a pourtant échoué.',
      'L’entreprise a vu la vitamine C.',
      'Ce fut bref.',
    ]);
  });

  it('abbreviation: av. J.-C., p. ex., cf., vs.', () => {
    const p =
      'Vers 50 av. J.-C. les Romains arrivent. Nvidia vs. AMD : le match continue. Voir p. ex. la page 3.';
    expect(sentences(p)).toEqual([
      'Vers 50 av. J.-C. les Romains arrivent.',
      'Nvidia vs. AMD : le match continue.',
      'Voir p. ex. la page 3.',
    ]);
    expect(without(p, 'abbreviation').length).toBeGreaterThan(3);
    expect(sentences('Les puces coûtent cher (cf. Annexe 2). Le reste suit.')).toHaveLength(2);
    expect(sentences('Le match oppose Tesla vs. SpaceX.')).toHaveLength(1);
    expect(sentences('On lit Cf. Tableau 1 pour les chiffres.')).toHaveLength(1);
  });

  it('etc: no break before a lower-case word or a closing bracket, a break before a capital', () => {
    expect(sentences('Des GPU, des puces, etc. et des centres de données.')).toHaveLength(1);
    expect(sentences('Des GPU (H100, H200, etc. ) sont achetés.')).toHaveLength(1);
    expect(sentences('Il achète des GPU, des puces, etc. Puis il construit.')).toEqual([
      'Il achète des GPU, des puces, etc.',
      'Puis il construit.',
    ]);
  });

  it('quote: no break after ! or ? inside « … » or "…"', () => {
    const p = 'Il a dit « Quoi ? Vraiment ! » puis il est parti. Ensuite, rien.';
    expect(sentences(p)).toEqual(['Il a dit « Quoi ? Vraiment ! » puis il est parti.', 'Ensuite, rien.']);
    expect(rulesFired(p)).toContain('quote');
    expect(without(p, 'quote').length).toBeGreaterThan(2);

    const straight = 'Il a crié "Stop ! Arrête" et il est parti.';
    expect(sentences(straight)).toEqual([straight]);
    const curly = 'Il a crié “Stop ! Arrête” et il est parti.';
    expect(sentences(curly)).toEqual([curly]);
  });

  it('quote: no break after a period inside guillemets when the quote continues the sentence (seeds)', () => {
    const p =
      'Selon Huang, la construction d’infrastructures robustes est essentielle : « pour produire de l’IA, ' +
      'il faut de l’énergie. On ne peut pas créer une nouvelle industrie sans infrastructure. » ' +
      'Musk semble d’accord.';
    const s = sentences(p);
    expect(s).toHaveLength(2);
    expect(s[0]).toMatch(/^Selon Huang.*sans infrastructure\. »$/);
    expect(s[1]).toBe('Musk semble d’accord.');
    expect(without(p, 'quote')).toHaveLength(3);

    const incise = 'Selon lui « c’est terminé. Nous partons » a-t-il dit. Ensuite, rien.';
    expect(sentences(incise)).toEqual([
      'Selon lui « c’est terminé. Nous partons » a-t-il dit.',
      'Ensuite, rien.',
    ]);
  });

  it('quote: a quote that opens its sentence and ends it still splits at its periods', () => {
    expect(sentences('« Nous avons fini. Nous partons. » Puis il est parti.')).toEqual([
      '« Nous avons fini.',
      'Nous partons. »',
      'Puis il est parti.',
    ]);
  });

  it('quote: an unclosed quote does not swallow the rest of the paragraph', () => {
    expect(sentences('Il a dit « Quoi ? Vraiment. Le reste suit.')).toHaveLength(3);
  });

  it('closing-quote: the closing » stays with its sentence, and the sentence goes on if it continues', () => {
    const p = 'Il a dit « Quoi ? Vraiment ! » Puis il est parti.';
    expect(sentences(p)).toEqual(['Il a dit « Quoi ? Vraiment ! »', 'Puis il est parti.']);
    // Without it, the break before » sits inside the quote and the next sentence is swallowed.
    expect(without(p, 'closing-quote')).toEqual([p]);

    const incise = '« Vraiment ? » a-t-il demandé. Oui.';
    expect(sentences(incise)).toEqual(['« Vraiment ? » a-t-il demandé.', 'Oui.']);
    expect(rulesFired(incise)).toEqual(['closing-quote']);
  });

  it('decimal: "1,5" and "2.5" never split', () => {
    const p = 'Le modèle Grok 2.5 consomme 1,5 MW. La version 3.0 arrive. Le ratio est de 0.75.';
    expect(sentences(p)).toEqual([
      'Le modèle Grok 2.5 consomme 1,5 MW.',
      'La version 3.0 arrive.',
      'Le ratio est de 0.75.',
    ]);
  });

  it('ellipsis: "..." or "…" followed by lower case does not split; followed by a capital it does', () => {
    expect(sentences('Il hésitait... puis il a dit oui.')).toHaveLength(1);
    expect(sentences('Il hésitait… puis il a dit oui.')).toHaveLength(1);
    expect(sentences('Il hésitait... Puis il a dit oui.')).toHaveLength(2);
  });

  it('colon: a colon never splits (seeds)', () => {
    const p =
      'Le projet xAI constitue plus qu’un enjeu commercial : il s’agit d’une déclaration stratégique. ' +
      'L’objectif : mutualiser les ressources de calcul, les talents et les modèles d’IA.';
    expect(sentences(p)).toHaveLength(2);
    expect(sentences('Grok : Des usages intégrés. Une gouvernance peu documentée : Pourquoi.')).toEqual([
      'Grok : Des usages intégrés.',
      'Une gouvernance peu documentée : Pourquoi.',
    ]);
  });
});

describe('splitSentences: properties', () => {
  const alphabet = fc.constantFrom(
    ...'aB. !?,:;…«»“”"()[]0123456789\n\t\u00a0\u202fMmeJC-’\'éÉxyz'.split(''),
    'M.',
    'etc.',
    'av. J.-C.',
    ' « ',
    ' » ',
    '...',
    '\ud83d\ude00',
  );
  const frenchish = fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join(''));

  it('spans are ordered, non-overlapping, in bounds, trimmed and cover all non-whitespace (French-ish text)', () => {
    fc.assert(
      fc.property(frenchish, (text) => {
        checkSpans(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('same for any string, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkSpans(text);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        checkSpans(text);
      }),
      { numRuns: 500 },
    );
  });
});
