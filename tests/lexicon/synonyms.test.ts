import { describe, expect, it } from 'vitest';
import { conceptLookup, findHits, insertableTerms } from '../../src/answer/evidence.js';
import { createAnalyzer } from '../../src/search/analysis/analyzer.js';
import {
  buildThesaurus,
  frenchThesaurus,
  withComposedDesignations,
  withVerbForms,
} from '../../src/search/lexicon/synonyms.js';
import { frenchVerbForms } from '../../src/search/lexicon/verbs.js';

const analyzer = createAnalyzer();
const form = (text: string) => analyzer.terms(text).join(' ');

describe('buildThesaurus', () => {
  const thesaurus = buildThesaurus(
    [
      ['supercalculateur', 'superordinateur', 'ordinateur géant'],
      ['chatbot', 'robot de discussion'],
    ],
    (text) => analyzer.terms(text),
  );

  it('gives every member of a group the others, as analysed forms', () => {
    expect(thesaurus.synonymsOf(form('supercalculateur'))).toEqual([
      form('superordinateur'),
      form('ordinateur géant'),
    ]);
    expect(thesaurus.synonymsOf(form('supercalculateurs'))).toContain(form('ordinateur géant'));
    expect(thesaurus.synonymsOf(form('ordinateur'))).toEqual([]);
  });

  it('finds the longest expression starting at a term, stop words aside', () => {
    const terms = analyzer.terms('un robot de discussion rival');
    expect(thesaurus.expressionLengthAt(terms, 0)).toBe(2);
    expect(thesaurus.expressionLengthAt(terms, 1)).toBe(0);
    expect(thesaurus.expressionLengthAt(analyzer.terms('ordinateur'), 0)).toBe(0);
  });
});

describe('designations', () => {
  const thesaurus = buildThesaurus([], (text) => analyzer.terms(text), {
    Nvidia: ['fabricant de puces', 'fondeur'],
  });

  it('lead from a description to the name, and not back', () => {
    expect(thesaurus.synonymsOf(form('fabricant de puces'))).toEqual([form('Nvidia')]);
    expect(thesaurus.synonymsOf(form('fondeur'))).toEqual([form('Nvidia')]);
    expect(thesaurus.synonymsOf(form('Nvidia'))).toEqual([]);
    expect(thesaurus.expressionLengthAt(analyzer.terms('le fabricant de puces'), 0)).toBe(2);
  });

  it('compose: a description that names another designated name holds in its descriptions too', () => {
    const composed = withComposedDesignations({
      Huang: ['patron de Nvidia'],
      Nvidia: ['fabricant de puces', 'fondeur'],
      Zuckerberg: ['patron de Meta'],
      Meta: ['groupe de Mark Zuckerberg', 'maison mère de Facebook'],
    });
    expect(composed.Huang).toEqual(['patron de Nvidia', 'patron de fabricant de puces', 'patron de fondeur']);
    // only a name that ends the description after "de", and never one that describes the name by itself
    expect(composed.Meta).toEqual(['groupe de Mark Zuckerberg', 'maison mère de Facebook']);
    expect(composed.Zuckerberg).toEqual(['patron de Meta', 'patron de maison mère de Facebook']);
    const thesaurus = buildThesaurus([], (text) => analyzer.terms(text), composed);
    expect(thesaurus.synonymsOf(form('le patron du fabricant de puces'))).toEqual([form('Huang')]);
  });

  it('are bundled for the people and companies of tech news', () => {
    const bundled = frenchThesaurus(analyzer, frenchVerbForms());
    expect(bundled.synonymsOf(form('milliardaire'))).toContain(form('Musk'));
    expect(bundled.synonymsOf(form('créateur de ChatGPT'))).toContain(form('OpenAI'));
    expect(bundled.synonymsOf(form('Musk'))).not.toContain(form('milliardaire'));
  });
});

describe('the bundled French thesaurus', () => {
  const thesaurus = frenchThesaurus(analyzer, frenchVerbForms());

  it('knows the paraphrases of the articles’ vocabulary', () => {
    expect(thesaurus.synonymsOf(form('ordinateur géant'))).toContain(form('supercalculateur'));
    expect(thesaurus.synonymsOf(form('chatbot'))).toContain(form('assistant conversationnel'));
    expect(thesaurus.synonymsOf(form('aptitude'))).toContain(form('capacité'));
    expect(thesaurus.synonymsOf(form('annoncer'))).toContain(form('déclarer'));
    expect(thesaurus.synonymsOf(form('rivalité'))).toContain(form('compétition'));
    // chat and casual French
    expect(thesaurus.synonymsOf(form('clasher'))).toContain(form('condamner'));
    expect(thesaurus.synonymsOf(form('rentrer'))).toContain(form('rejoint'));
    expect(thesaurus.synonymsOf(form("mettre de l'argent"))).toContain(form('investir'));
    expect(thesaurus.synonymsOf(form('chantier'))).toContain(form('construite'));
    expect(thesaurus.synonymsOf(form('mis en open source'))).toContain(form('ouverture en open source'));
    expect(thesaurus.synonymsOf(form('tourner'))).toContain(form('alimentés'));
    expect(thesaurus.synonymsOf(form('combustible'))).toContain(form('gaz'));
    expect(thesaurus.synonymsOf(form('fait démonter'))).toContain(form('critiquer'));
    expect(thesaurus.synonymsOf(form('le groupe de Redmond'))).toContain(form('Microsoft'));
    expect(thesaurus.synonymsOf(form('plus loin que jamais'))).toContain(form('sans précédent'));
  });

  it('keeps apart words a trap question could borrow', () => {
    const pairs: Array<[string, string]> = [
      ['directeur financier', 'pdg'],
      ['fondateur', 'pdg'],
      ['louer', 'acheter'],
      ['dette', 'prix'],
      ['million', 'milliard'],
      ['europe', 'france'],
      // "union" is also the European Union; "indiquer" shares its stem with "indicateur"
      ['fusion', 'union'],
      ['annoncer', 'indiquer'],
      ['financer', 'payer'],
    ];
    for (const [a, b] of pairs) {
      expect(thesaurus.synonymsOf(form(a)), `${a} / ${b}`).not.toContain(form(b));
      expect(thesaurus.synonymsOf(form(b)), `${b} / ${a}`).not.toContain(form(a));
    }
  });
});

describe('withVerbForms', () => {
  it('adds the other forms of the verb an expression opens on, and leaves other members alone', () => {
    const verbs = {
      familyOf: (word: string) =>
        word === 'poser' ? ['poser', 'pose', 'posent'] : word === 'être' ? ['être', 'est'] : [],
    };
    const terms = (text: string) => analyzer.terms(text);
    expect(withVerbForms([['poser les bases', 'jeter les bases', 'fondement']], verbs, terms)).toEqual([
      ['poser les bases', 'jeter les bases', 'fondement', 'pose les bases', 'posent les bases'],
    ]);
    // "est" is a stop word: "est lié à" would be "lié" alone
    expect(withVerbForms([['être lié à', 'se rattacher à']], verbs, terms)).toEqual([
      ['être lié à', 'se rattacher à'],
    ]);
  });

  it('makes the bundled thesaurus meet "met en commun" for "mettre en commun"', () => {
    const thesaurus = frenchThesaurus(analyzer, frenchVerbForms());
    expect(thesaurus.synonymsOf(form('mutualiser'))).toContain(form('met en commun'));
  });
});

describe('findHits with expressions', () => {
  const lookup = conceptLookup([
    { surface: 'data center', alternatives: new Map([[form('centre de données'), 0.85]]), importance: 1 },
    { surface: 'GPU', alternatives: new Map([['gpu', 1]]), importance: 1 },
  ]);

  it('finds an expression only where its words are adjacent, and spans all of them', () => {
    const text = 'Ses centres de données hébergent des GPU.';
    const hits = findHits(analyzer.analyze(text), lookup);
    expect(hits.map((hit) => [hit.concept, text.slice(hit.start, hit.end)])).toEqual([
      [0, 'centres de données'],
      [1, 'GPU'],
    ]);
    expect(findHits(analyzer.analyze('Un centre qui traite des données.'), lookup)).toEqual([]);
  });

  it('lets one adverb stand after the first word of an expression, and no other word', () => {
    const bases = conceptLookup([
      { surface: 'bâtir', alternatives: new Map([[form('pose les bases'), 0.7]]), importance: 1 },
    ]);
    const insertable = insertableTerms(analyzer);
    const text = 'Musk pose ainsi les bases d’un écosystème.';
    const hits = findHits(analyzer.analyze(text), bases, insertable);
    expect(hits.map((hit) => text.slice(hit.start, hit.end))).toEqual(['pose ainsi les bases']);
    expect(findHits(analyzer.analyze(text), bases)).toEqual([]);
    expect(findHits(analyzer.analyze('Musk pose un cadre et des bases.'), bases, insertable)).toEqual([]);
    expect(findHits(analyzer.analyze('Musk pose ainsi désormais les bases.'), bases, insertable)).toEqual([]);
  });
});
