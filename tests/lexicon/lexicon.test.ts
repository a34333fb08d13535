import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  englishBaseForms,
  englishLexicon,
  frenchWordsFor,
  isEnglishStopWord,
  loadLexicon,
  looksEnglish,
  nearestHeadword,
  translateEnglishWords,
} from '../../src/search/lexicon/index.js';

const lexiconDir = new URL('../../src/search/lexicon/', import.meta.url);
const readJson = (name: string): Record<string, string[]> =>
  JSON.parse(readFileSync(new URL(name, lexiconDir), 'utf8')) as Record<string, string[]>;

describe('lexicon files', () => {
  it('en-fr.json loads, is small, and has the expected shape', () => {
    const bytes = statSync(new URL('en-fr.json', lexiconDir)).size;
    expect(bytes).toBeGreaterThan(500_000);
    expect(bytes).toBeLessThan(3_000_000);
    const freedict = readJson('en-fr.json');
    const entries = Object.entries(freedict);
    expect(entries.length).toBeGreaterThan(15_000);
    expect(entries.length).toBeLessThan(60_000);
    for (const [english, french] of entries) {
      expect(english).toBe(english.toLowerCase());
      expect(english).toMatch(/^\p{Ll}+(?: \p{Ll}+)?$/u);
      expect(french.length).toBeGreaterThanOrEqual(1);
      expect(french.length).toBeLessThanOrEqual(6);
      for (const w of french) expect(w).toMatch(/^[\p{Ll}'-]+$/u);
    }
    expect(Object.keys(freedict)).toEqual(Object.keys(freedict).sort());
  });

  it('en-fr-extra.json is a hand-checked list of a few hundred words', () => {
    const extra = Object.entries(readJson('en-fr-extra.json'));
    expect(extra.length).toBeGreaterThan(150);
    expect(extra.length).toBeLessThan(400);
    for (const [english, french] of extra) {
      expect(english).toBe(english.toLowerCase());
      expect(french.length).toBeGreaterThanOrEqual(1);
      for (const w of french) expect(w.trim()).not.toBe('');
    }
  });

  it('puts the news senses of en-fr-news.json first and keeps the dictionary’s others', () => {
    const news = readJson('en-fr-news.json');
    const extra = readJson('en-fr-extra.json');
    expect(Object.keys(news).filter((english) => extra[english] !== undefined)).toEqual([]);
    const lex = loadLexicon();
    expect(lex.get('talk')?.slice(0, 2)).toEqual(['discussion', 'négocier']);
    expect(lex.get('talk')).toEqual(expect.arrayContaining(readJson('en-fr.json').talk ?? []));
    expect(lex.get('oversubscribed')).toEqual(['sursouscrit']);
  });

  it('merges both, the extra list winning', () => {
    const lex = loadLexicon();
    expect(loadLexicon()).toBe(lex); // loaded once
    expect(lex.size).toBeGreaterThan(Object.keys(readJson('en-fr.json')).length);
    expect(lex.get('stake')).toEqual(readJson('en-fr-extra.json').stake);
    expect(lex.get('abacus')).toEqual(expect.arrayContaining(['abaque', 'boulier']));
  });

  it('gives news senses first where the dictionary has others ("incumbent" is no priest, "headline" no holder)', () => {
    const lex = loadLexicon();
    expect(lex.get('incumbent')?.[0]).toBe('acteur établi');
    expect(lex.get('headline')?.[0]).toBe('titre');
    expect(lex.get('backer')?.[0]).toBe('investisseur');
    expect(lex.get('join')?.[0]).toBe('rejoindre');
  });

  it('ships the FreeDict and Apertium licences next to the data', () => {
    const license = readFileSync(new URL('LICENSE-freedict.txt', lexiconDir), 'utf8');
    expect(license).toMatch(/FreeDict/);
    expect(license).toMatch(/GPL-2\.0-or-later/);
    const apertium = readFileSync(new URL('LICENSE-apertium.txt', lexiconDir), 'utf8');
    for (const p of [
      'apertium-eng-spa',
      'apertium-fr-es',
      'apertium-eo-en',
      'apertium-eo-fr',
      'apertium-eo-es',
    ])
      expect(apertium).toContain(p);
    expect(apertium).toMatch(/version 2 of the License/);
  });
});

describe('frenchWordsFor', () => {
  it.each([
    ['valuation', 'valorisation'],
    ['shareholder', 'actionnaire'],
    ['merger', 'fusion'],
    ['processors', 'processeur'],
    ['processor', 'processeur'],
    ['deployed', 'déployé'],
    ['investor', 'investisseur'],
    ['investors', 'investisseur'],
    ['lease', 'louer'],
    ['vehicles', 'véhicule'],
    ['voice', 'vocal'],
    ['funding', 'financement'],
    ['raised', 'levée'],
    ['chips', 'puce'],
    ['supercomputer', 'supercalculateur'],
    ['stake', 'participation'],
    ['governance', 'gouvernance'],
    ['debt', 'dette'],
    ['bank', 'banque'],
    ['billion', 'milliards'],
    ['energy', 'énergie'],
    ['power', 'puissance'],
    ['training', 'entraînement'],
    ['reinforcement', 'renforcement'],
    ['learning', 'apprentissage'],
    ['CEO', 'PDG'],
    ['Saudi', 'saoudien'],
    ['second', 'deuxième'],
    ['buying', 'acheter'],
    ['companies', 'entreprise'],
    ['bought', 'acheter'],
    ['abbey', 'abbaye'], // FreeDict only
  ])('%s → %s', (english, french) => {
    expect(frenchWordsFor(english)).toContain(french);
  });

  it('returns single words, phrases split and glue words dropped', () => {
    expect(frenchWordsFor('datacenter')).toEqual(expect.arrayContaining(['datacenter', 'centre', 'données']));
    expect(frenchWordsFor('datacenter')).not.toContain('de');
    expect(frenchWordsFor('revenue')).toEqual(expect.arrayContaining(['chiffre', 'affaires']));
    for (const w of frenchWordsFor('revenue')) expect(w).not.toMatch(/\s/);
  });

  it('returns nothing for codes, unknown words and the empty string', () => {
    expect(frenchWordsFor('H100')).toEqual([]);
    expect(frenchWordsFor('xAI')).toEqual([]);
    expect(frenchWordsFor('Grok')).toEqual([]);
    expect(frenchWordsFor('')).toEqual([]);
    expect(frenchWordsFor("Grok's")).toEqual([]);
  });
});

describe('frenchWordsFor on words from real questions', () => {
  // Each English word must get at least one French word matching the pattern.
  it.each([
    ['concentrated', /^concentr(?:é|er|ation)/u],
    ['reportedly', /^(?:apparemment|selon|aurait|prétendument)$/u],
    ['output', /^production$/u],
    ['step', /^étape$/u],
    ['presented', /^présent(?:é|er)$/u],
    ['players', /^(?:acteur|joueur)s?$/u],
    ['latest', /^dernier$/u],
    ['reassure', /^rassurer$/u],
    ['customers', /^clients?$/u],
    ['hoping', /^espérer$/u],
    ['aquire', /^acquérir$/u],
    ['acording', /^selon$/u],
    ['partnership', /^(?:partenariat|alliance)$/u],
    ['someday', /^jour$/u],
    ['growing', /^(?:croître|croissance)$/u],
    ['market', /^marché$/u],
    ['lenders', /^prêteurs?$/u],
    ['fee', /^(?:frais|commission)$/u],
    ['shareholder', /^actionnaire$/u],
    ['release', /^(?:publier|sortir|sortie|lancer|lancement)$/u],
    ['released', /^(?:publier|sortir|sortie|lancer|lancement)$/u],
    ['Germany', /^allemagne$/u],
    ['growth', /^croissance$/u],
    ['lender', /^prêteur$/u],
  ])('%s → %s', (english, french) => {
    const words = frenchWordsFor(english);
    expect(
      words.some((w) => french.test(w)),
      `${english} → ${words.join(', ')}`,
    ).toBe(true);
  });

  it('gets more than FreeDict alone: pivots through Spanish and Esperanto', () => {
    // Words FreeDict does not have; they come from Apertium's dictionaries.
    expect(frenchWordsFor('reassure')).toContain('rassurer');
    expect(frenchWordsFor('output')).toContain('production');
    const built = readJson('en-fr.json');
    expect(built.concentrate).toContain('concentrer');
    expect(built.growth).toEqual(expect.arrayContaining(['croissance', 'accroissement']));
    expect(built.reassure).toEqual(['rassurer']);
    expect(built.germany).toEqual(['allemagne']);
  });

  it('prefers base + e, then an undoubled consonant, then the bare stem', () => {
    expect(frenchWordsFor('hoping')).not.toContain('houblon');
    expect(frenchWordsFor('betting')).toEqual(expect.arrayContaining(['parier']));
    expect(frenchWordsFor('pushing')).toContain('pousser');
    expect(frenchWordsFor('paid')).toContain('payer');
    expect(frenchWordsFor('sold')).toContain('vendre');
    expect(frenchWordsFor('built')).toContain('construire');
  });

  it('adds the base form’s words after the word’s own entry', () => {
    const words = frenchWordsFor('concentrated');
    expect(words).toContain('dense');
    expect(words).toContain('concentrer');
  });

  it('corrects typos to the nearest headword, a swap of two letters counting as one edit', () => {
    expect(nearestHeadword('aquire')).toBe('acquire');
    expect(nearestHeadword('acording')).toBe('according');
    expect(nearestHeadword('finanical')).toBe('financial');
    expect(nearestHeadword('compnay')).toBe('company');
    expect(nearestHeadword('recieve')).toBe('receive');
    expect(nearestHeadword('aquired')).toBe('acquired');
    expect(frenchWordsFor('finanical')).toContain('financier');
    expect(frenchWordsFor('goverment')).toContain('gouvernement');
    // Too far, too short, or not a plain word.
    expect(nearestHeadword('zzzzzzz')).toBeUndefined();
    expect(nearestHeadword('grk')).toBeUndefined();
    expect(nearestHeadword('h100x')).toBeUndefined();
  });

  it('measures edit distance with swaps', () => {
    expect(editDistance('compnay', 'company')).toBe(1);
    expect(editDistance('finanical', 'financial')).toBe(1);
    expect(editDistance('aquire', 'acquire')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it.each(['entreprise', 'entreprises', 'croissance', 'rachat', 'actionnaires', 'investissement', 'données'])(
    'gives nothing for the French word %s',
    (word) => {
      expect(frenchWordsFor(word)).toEqual([]);
    },
  );

  it.each(['the', 'which', 'about', 'The', 'Which', 'whose', 'doesn’t'])(
    'gives nothing for the stop word %s',
    (word) => {
      expect(frenchWordsFor(word)).toEqual([]);
    },
  );
});

describe('englishBaseForms', () => {
  it.each([
    ['processors', 'processor'],
    ['deployed', 'deploy'],
    ['raised', 'raise'],
    ['buying', 'buy'],
    ['raising', 'raise'],
    ['running', 'run'],
    ['stopped', 'stop'],
    ['companies', 'company'],
    ['processes', 'process'],
    ["Grok's", 'grok'],
    ['largest', 'large'],
    ['biggest', 'big'],
    ['bought', 'buy'],
    ['directly', 'direct'],
  ])('%s → %s', (word, base) => {
    expect(englishBaseForms(word)).toContain(base);
  });

  it.each([
    ['hoping', ['hope', 'hop']],
    ['betting', ['bet', 'bett']],
    ['pushing', ['push']],
    ['hoped', ['hope', 'hop']],
    ['stopped', ['stop', 'stopp']],
    ['studies', ['study']],
    ['studied', ['study']],
    ['easier', ['easy']],
    ['larger', ['large']],
    ['smaller', ['small']],
    ['using', ['use']],
    ['used', ['use']],
    ['paid', ['pay']],
    ['sold', ['sell']],
    ['made', ['make']],
    ['said', ['say']],
    ['led', ['lead']],
    ['grew', ['grow']],
    ['ran', ['run']],
    ['thrown', ['throw']],
    ['reportedly', ['reported', 'report']],
    ['color', ['colour']],
    ['realized', ['realize', 'realise']],
    ['centers', ['center', 'centre']],
  ])('%s → %j, in that order', (word, bases) => {
    const forms = englishBaseForms(word);
    const positions = bases.map((b) => forms.indexOf(b));
    for (const p of positions) expect(p, forms.join(' ')).toBeGreaterThan(0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('puts the word itself first', () => {
    expect(englishBaseForms('Training')[0]).toBe('training');
    expect(englishBaseForms('gas')).toEqual(['gas']);
  });
});

describe('looksEnglish', () => {
  it.each([
    'What valuation was attributed to X in its merger with xAI?',
    'Which Saudi investor is the second-largest shareholder in both X and xAI?',
    'Why would special purpose vehicles buy the Nvidia processors and lease them to xAI instead of buying them directly?',
    "Besides the API and mobile apps, where is Grok's voice agent deployed?",
    'How many GPUs does Colossus have?',
    'how much did xai raise',
    'When was Grok 3 released?',
    'valuation',
    "xAI's valuation",
  ])('English: %s', (q) => {
    expect(looksEnglish(q)).toBe(true);
  });

  it.each([
    'Quelle valorisation a été attribuée à X lors de sa fusion avec xAI ?',
    'Combien de GPU Colossus utilise-t-il ?',
    'c koi colossus',
    'nb de gpu',
    'combien de gpu',
    'pk musk a fusionné x et xai',
    'qui est le pdg de nvidia',
    'quel est le but de xai',
    'c quoi le voice agent de grok',
    "Qu'est-ce que Colossus ?",
    'infrastructure colossus',
    'Grok 5 AGI',
    '',
    '???',
  ])('not English: %s', (q) => {
    expect(looksEnglish(q)).toBe(false);
  });
});

describe('translateEnglishWords', () => {
  it('translates the content words of a real question and keeps names and codes', () => {
    const words = translateEnglishWords('What valuation was attributed to X in its merger with xAI?');
    expect(words).toEqual(expect.arrayContaining(['valorisation', 'fusion', 'X', 'xAI']));
    expect(words).not.toContain('what');
    expect(words).not.toContain('was');
    expect(words).not.toContain('its');
  });

  it('keeps proper nouns as they are, with their translations', () => {
    const words = translateEnglishWords(
      'Which Saudi investor is the second-largest shareholder in both X and xAI?',
    );
    expect(words).toEqual(
      expect.arrayContaining(['Saudi', 'saoudien', 'investisseur', 'deuxième', 'actionnaire']),
    );
    expect(words).not.toContain('both');
    expect(words).not.toContain('Which');
  });

  it('handles plurals, -ing, -ed and possessives', () => {
    const words = translateEnglishWords(
      'Why would special purpose vehicles buy the Nvidia processors and lease them to xAI instead of buying them directly?',
    );
    expect(words).toEqual(
      expect.arrayContaining(['véhicule', 'acheter', 'Nvidia', 'processeur', 'louer', 'xAI']),
    );
    expect(words).not.toContain('instead');
    const grok = translateEnglishWords(
      "Besides the API and mobile apps, where is Grok's voice agent deployed?",
    );
    expect(grok).toEqual(
      expect.arrayContaining(['API', 'mobile', 'application', 'Grok', 'vocal', 'agent', 'déployé']),
    );
    expect(grok).not.toContain("Grok's");
    expect(grok).not.toContain('Besides');
  });

  it('keeps codes and unknown words, adds two-word forms, and has no duplicates', () => {
    const words = translateEnglishWords('H100 GPUs in the new data center of Colossus, data center');
    expect(words).toEqual(expect.arrayContaining(['H100', 'Colossus', 'centre', 'données', 'nouveau']));
    expect(new Set(words.map((w) => w.toLowerCase())).size).toBe(words.length);
    expect(translateEnglishWords('')).toEqual([]);
    expect(translateEnglishWords('the of and which')).toEqual([]);
  });
});

describe('englishLexicon (the question parser’s view)', () => {
  it('exposes looksEnglish, isStopWord and frenchTranslationsFor', () => {
    expect(englishLexicon.looksEnglish('What is the valuation of xAI?')).toBe(true);
    expect(englishLexicon.isStopWord('Which')).toBe(true);
    expect(englishLexicon.isStopWord('both')).toBe(true);
    expect(englishLexicon.isStopWord('valuation')).toBe(false);
    expect(isEnglishStopWord('doesn’t')).toBe(true);
    expect(englishLexicon.frenchTranslationsFor('shareholder')).toContain('actionnaire');
    // a news sense first: an "original target" is the initial one, not an "inédit" one
    expect(englishLexicon.frenchTranslationsFor('original')[0]).toBe('initial');
    // whole expressions, for the parser to match them whole
    expect(englishLexicon.frenchTranslationsFor('CEO')).toContain('directeur général');
  });
});

describe('frenchExpressionsFor', () => {
  it('gives whole French translations of known English expressions, and nothing for single words', async () => {
    const { frenchExpressionsFor } = await import('../../src/search/lexicon/index.js');
    expect(frenchExpressionsFor('chief financial officer')).toEqual(['directeur financier']);
    expect(frenchExpressionsFor('Data  Center')).toContain('centre de données');
    expect(frenchExpressionsFor('officer')).toEqual([]);
    expect(frenchExpressionsFor('chief financial offcer')).toEqual([]);
  });

  it('finds a phrasal verb by its verb’s base form: "came in" is "come in"', async () => {
    const { frenchExpressionsFor } = await import('../../src/search/lexicon/index.js');
    expect(frenchExpressionsFor('came in')).toEqual(['rejoindre']);
    expect(frenchExpressionsFor('broke the story')).toEqual(['révéler']);
    expect(frenchExpressionsFor('came back')).toEqual(['revenir', 'retourner']);
    expect(frenchExpressionsFor('came with')).toEqual([]);
  });
});
