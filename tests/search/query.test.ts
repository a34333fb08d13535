import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandChatSpelling, restoreGluedElisions } from '../../src/search/query/chat.js';
import { cleanQuestion, MAX_QUESTION_LENGTH, questionProblem } from '../../src/search/query/clean.js';
import { type Concept, POSTINGS_BUDGET, searchTerms } from '../../src/search/query/concepts.js';
import { asksComparison, asksYesOrNo, definedName, detectAnswerKind } from '../../src/search/query/kind.js';

describe('cleanQuestion', () => {
  it('removes zero-width and control characters that could hide words or markup', () => {
    expect(cleanQuestion('Col\u200Bossus\u0007 ?')).toBe('Colossus ?');
    expect(cleanQuestion('  deux\n\tlignes  ')).toBe('deux lignes');
  });

  it('never throws and never leaves invisible characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const cleaned = cleanQuestion(raw);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checks that none is left.
        expect(cleaned).not.toMatch(/[\u0000-\u001F\u200B-\u200F\uFEFF]/);
      }),
    );
  });
});

describe('questionProblem', () => {
  it('refuses questions with no letter or digit and over-long ones', () => {
    expect(questionProblem('')).toBe('empty');
    expect(questionProblem(' ?! ')).toBe('empty');
    expect(questionProblem('a'.repeat(MAX_QUESTION_LENGTH + 1))).toBe('too-long');
    expect(questionProblem('Combien de GPU ?')).toBeUndefined();
  });
});

describe('expandChatSpelling', () => {
  it('expands chat abbreviations as whole words only', () => {
    expect(expandChatSpelling('nb de gpu')).toBe('nombre de gpu');
    expect(expandChatSpelling('c koi colossus')).toBe("c'est quoi colossus");
    expect(expandChatSpelling('pk xai leve 20 mds')).toBe('pourquoi xai leve 20 milliards');
    expect(expandChatSpelling('la NBA et les mdsx')).toBe('la NBA et les mdsx');
    expect(expandChatSpelling('paru en 1er')).toBe('paru en premier');
    expect(expandChatSpelling('le pote de musk')).toBe('le ami de musk');
  });

  it('reads the nicknames and stock tickers of tech news as the names the articles use', () => {
    expect(expandChatSpelling('zuck il a deja des puces')).toBe('Zuckerberg il a deja des puces');
    expect(expandChatSpelling('nvda et tsla ont monte')).toBe('Nvidia et Tesla ont monte');
    expect(expandChatSpelling('c koi la valo de xai')).toBe("c'est quoi la valorisation de xai");
  });

  it('writes chat numbers as the articles do', () => {
    expect(expandChatSpelling('de 100k a 200k gpu')).toBe('de 100 000 a 200 000 gpu');
    expect(expandChatSpelling('les 12mds de xai')).toBe('les 12 milliards de xai');
    expect(expandChatSpelling('the $20bn round')).toBe('the $20 milliards round');
    expect(expandChatSpelling('600mn users')).toBe('600 millions users');
    expect(expandChatSpelling("musk's 50M gpu plan, a $20B round")).toBe(
      "musk's 50 millions gpu plan, a $20 milliards round",
    );
    expect(expandChatSpelling('un câble de 50m')).toBe('un câble de 50m');
    expect(expandChatSpelling('pcq qqn a dit ya un truc')).toBe("parce que quelqu'un a dit il y a un truc");
    expect(expandChatSpelling('c quoi la conso elec dapres l article')).toBe(
      "c'est quoi la consommation électrique d'après l article",
    );
    expect(expandChatSpelling('le H100k et 5000k')).toBe('le H100k et 5000k');
    expect(expandChatSpelling("sorti l'info")).toBe("sorti l'information");
    expect(expandChatSpelling('les ministres fr ont signale grok, la ministre brit aussi')).toBe(
      'les ministres français ont signale grok, la ministre britannique aussi',
    );
    expect(expandChatSpelling('ils s apellent comment')).toBe('ils s appellent comment');
    expect(expandChatSpelling('whats the name')).toBe("what's the name");
    expect(expandChatSpelling('combein de gpu, pourqoi')).toBe('combien de gpu, pourquoi');
  });
});

describe('restoreGluedElisions', () => {
  const used = new Set(['article', 'appelle', 'ia', 'info', 'lance', 'dette']);
  const vocabulary = {
    isUsed: (word: string) => used.has(word.toLowerCase()),
    isStopWord: (word: string) => ['aux', 'la', 'le', 'dont'].includes(word.toLowerCase()),
  };
  const restore = (question: string) => restoreGluedElisions(question, vocabulary);

  it('puts back the apostrophe chat drops before a word the articles use, or a function word', () => {
    expect(restore('ds larticle sur lia elle sappelle comment')).toBe(
      "ds l'article sur l'ia elle s'appelle comment",
    );
    expect(restore('pk grok sest fait critiquer, quil dit')).toBe("pk grok s'est fait critiquer, qu'il dit");
    expect(restore('Linfo')).toBe("L'info");
  });

  it('leaves alone a word the articles use, a stop word, and a word whose rest is unknown', () => {
    expect(restore('lance la dette')).toBe('lance la dette');
    expect(restore('le taux')).toBe('le taux');
    expect(restore('dont lorsque sapin')).toBe('dont lorsque sapin');
  });

  it('leaves alone a word that already has its apostrophe, and consonants after the elided letter', () => {
    expect(restore("l'article, s'appelle")).toBe("l'article, s'appelle");
    expect(restore('larticle’s')).toBe('larticle’s');
    expect(restore('lrticle')).toBe('lrticle');
  });
});

describe('detectAnswerKind', () => {
  it.each([
    ['Combien de GPU H100 équipent Colossus ?', 'number'],
    ['nombre de gpu', 'number'],
    ['À combien sont estimées les participations ?', 'number'],
    ['What valuation was attributed to X?', 'number'],
    ['Qui a dit que la construction était superhumaine ?', 'who'],
    ['Which Saudi investor is the second-largest shareholder?', 'who'],
    ['Quand Musk a-t-il racheté Twitter ?', 'when'],
    ['Pourquoi la construction est-elle essentielle ?', 'why'],
    ['Why would vehicles buy the processors?', 'why'],
    ["What is the point of the SPV structure for xAI's balance sheet?", 'why'],
    ["a quoi va servir l'argent levé", 'why'],
    ['Comment la fusion doit-elle aider Grok ?', 'how'],
    ['Où est déployé Colossus ?', 'where'],
    ['Quel modèle est annoncé comme une étape vers l’AGI ?', 'other'],
    ["c'est quoi Colossus ?", 'definition'],
    ['qui est Liz Kendall', 'definition'],
    ['What is Grok?', 'definition'],
    ['Qui est le PDG de xAI ?', 'who'],
    ["Who is Nvidia's CEO?", 'who'],
    ['What is the latest Grok version mentioned in the article?', 'other'],
    ["What's the name of Anthropic's AI?", 'who'],
    ['Comment s’appellent les centres de calcul de xAI ?', 'who'],
    ["what's Google's AI called?", 'who'],
    ['What is the Memphis supercomputer called?', 'who'],
  ])('%s → %s', (question, kind) => {
    expect(detectAnswerKind(question)).toBe(kind);
  });

  it('does not take the French "ou" (or) for "où" (where)', () => {
    expect(detectAnswerKind('Meta ou Google ?')).toBe('other');
  });
});

describe('detectAnswerKind on relative pronouns and price questions', () => {
  it.each([
    ['À quoi la puissance de calcul est-elle comparée pour le siècle qui vient ?', 'other'],
    ["Qu'est-ce qui reste peu détaillé ?", 'other'],
    ['À qui appartient Valour Equity Partners ?', 'who'],
    ["c'est qui le PDG de NVIDIA", 'who'],
    ["Quel est le prix d'un GPU H100 ?", 'number'],
    ['What is the price of a GPU?', 'number'],
  ])('%s → %s', (question, kind) => {
    expect(detectAnswerKind(question)).toBe(kind);
  });
});

describe('detectAnswerKind on questions that want a name', () => {
  it.each([
    ["Comment s'appelle le régulateur britannique ?", 'who'],
    ['Quelles sont les sept banques qui ont financé l’achat ?', 'who'],
    ['Quel est le nom du supercalculateur ?', 'who'],
    ['What is the name of the regulator?', 'who'],
    ['Which British minister condemned the deepfakes?', 'who'],
    // a named thing: the answer is its name
    ['grok s appuie sur quelle plateforme pr savoir ce qui se passe', 'who'],
    ['Quel journaliste du Wall Street Journal a révélé les négociations ?', 'who'],
    ['Which outlet first published the article?', 'who'],
  ])('%s → %s', (question, kind) => {
    expect(detectAnswerKind(question)).toBe(kind);
  });
});

describe('detectAnswerKind takes the question word that comes first', () => {
  it.each([
    ['c’est quoi les limites qui risquent de devenir centrales quand la demande explose', 'other'],
    ['Qui a organisé le sommet de Washington où Huang s’est exprimé ?', 'who'],
    ['Quel jour Liz Kendall a-t-elle parlé ?', 'when'],
    ['On which day of the week did xAI announce the funding?', 'when'],
    ['In which month was Grok 3 released?', 'when'],
    ['Quel montant xAI a-t-il levé quand ?', 'number'],
    ['Pourquoi Musk veut-il ce que xAI construit ?', 'why'],
    ['Est-ce que tu sais quand Grok 3 est sorti ?', 'when'],
    ['musk a annonce la fusion ou', 'where'],
    ['how long did it take to build Colossus', 'number'],
    ['le siège de xAI est où ?', 'where'],
    // the kind of answer named after "quel est le/la …"
    ['Quelle est la date du sommet de Washington ?', 'when'],
    ['Quel est le budget du programme Stargate ?', 'number'],
    ['What is the cost of Colossus?', 'number'],
    ['What was X valued at in the merger with xAI?', 'number'],
    ['Quel sera le coût total des GPU visés par Musk ?', 'number'],
    ['At what price did the banks sell the Twitter debt?', 'number'],
    ['what is xAI worth now', 'number'],
    ["what's xai valued at in the x merger", 'number'],
    ["What was xAI's revenue last year?", 'number'],
    ['What are the sales of Tesla?', 'number'],
    ['Quelle est la ville du sommet de Huang ?', 'where'],
    ['In which city was the summit?', 'where'],
    ['colossus c’est où géographiquement', 'where'],
    // "ou" typed for "où", with chat filler after it; an "ou" between two things is "or"
    ['colossus il est ou exactement', 'where'],
    ['colossus il est ou exactement, quel etat', 'where'],
    ['grok 3 ou grok 4, lequel est sorti', 'other'],
    ['grok 3 ou grok 4 exactement ?', 'other'],
    ['In which US state is Colossus deployed?', 'where'],
    // the kind of place asked for ("quel pays", "which country") asks where
    ['le fonds souverain de quel pays a investi dans xai ?', 'where'],
    ['Which country is the project framed as competing against?', 'where'],
    ['What state of mind is Musk in?', 'other'],
    ['grok 2.5 en open source ça sert à quoi', 'why'],
    ['what are the SPVs for?', 'why'],
    ['What is the money for', 'why'],
    ['What is Grok used for in cars?', 'other'],
    // a country that acts is asked as a place too: its name ("du Qatar", "saoudien") must be in the answer
    ['quel pays investit dans xai', 'where'],
  ])('%s → %s', (question, kind) => {
    expect(detectAnswerKind(question)).toBe(kind);
  });
});

describe('searchTerms', () => {
  const concept = (surface: string, terms: string[]): Concept => ({
    surface,
    alternatives: new Map(terms.map((term) => [term, 1])),
    importance: 1,
  });

  it('leaves out terms no paragraph has, and common terms once rarer ones fill the budget', () => {
    const df: Record<string, number> = { rare: 3, common: POSTINGS_BUDGET, absent: 0, mid: 50 };
    const terms = searchTerms(
      [concept('common', ['common']), concept('rare', ['rare', 'absent']), concept('mid', ['mid'])],
      (term) => df[term] ?? 0,
    );
    expect([...terms.keys()]).toEqual(['rare', 'mid']);
  });

  it("gives BM25 a concept's own forms and only its surest, rarest few synonyms", () => {
    const synonyms = Array.from({ length: 12 }, (_, i) => [`syn${String(i)}`, 0.7] as [string, number]);
    const word: Concept = {
      surface: 'word',
      alternatives: new Map([['word', 1], ['form', 0.8], ...synonyms]),
      importance: 1,
    };
    const terms = [...searchTerms([word], (term) => (term === 'syn11' ? 1 : 10)).keys()];
    expect(terms.slice(0, 2)).toEqual(['word', 'form']);
    expect(terms.length).toBe(2 + 8);
    // the rarest synonym is kept
    expect(terms).toContain('syn11');
  });

  it("spends the budget on a concept's own word before its synonyms", () => {
    const df: Record<string, number> = {
      // the synonym is rarer: ordered by rarity alone, it would fill the budget and leave the word out
      word: POSTINGS_BUDGET / 2 + 1,
      synonym: POSTINGS_BUDGET / 2,
      rare: 1,
    };
    const withSynonym: Concept = {
      surface: 'word',
      alternatives: new Map([
        ['synonym', 0.7],
        ['word', 1],
      ]),
      importance: 1,
    };
    const terms = searchTerms([concept('rare', ['rare']), withSynonym], (term) => df[term] ?? 0);
    expect([...terms.keys()]).toEqual(['rare', 'word']);
  });

  it('keeps the rarest term even when it alone exceeds the budget', () => {
    const terms = searchTerms([concept('common', ['common'])], () => POSTINGS_BUDGET * 3);
    expect([...terms.keys()]).toEqual(['common']);
  });
});

describe('definedName', () => {
  it('is the name a definition question asks about, without its article or chat filler', () => {
    expect(definedName("c'est quoi le SPV ?")).toBe('SPV');
    expect(definedName('qui est liz kendall exactement')).toBe('liz kendall');
    expect(definedName("what's grok")).toBe('grok');
    expect(definedName("Colossus, c'est quoi ?")).toBe('Colossus');
    expect(definedName("liz kendall c'est qui")).toBe('liz kendall');
    expect(definedName("la fusion de X et xAI c'est quoi")).toBeUndefined();
    expect(definedName("what's Google's AI called")).toBeUndefined();
    expect(definedName('How does the article define AGI?')).toBe('AGI');
    // a role asked is what the name is
    expect(definedName("What is Liz Kendall's job?")).toBe('Liz Kendall');
    expect(definedName('Quelle est la fonction de Liz Kendall ?')).toBe('Liz Kendall');
    expect(definedName('Quel poste Antonio Gracias occupait-il au sein de Doge ?')).toBeUndefined();
    expect(definedName('Comment l’article définit-il l’AGI ?')).toBe('AGI');
    expect(definedName('Comment le texte définit-il une intelligence générale ?')).toBe(
      'intelligence générale',
    );
    expect(definedName('Qui est le PDG de xAI ?')).toBeUndefined();
    expect(definedName("what's the valuation of x")).toBeUndefined();
    expect(definedName('Combien de GPU équipent Colossus ?')).toBeUndefined();
  });
});

describe('asksComparison', () => {
  it.each([
    ['Does OpenAI have more GPUs than xAI?', true],
    ['openai a plus de gpu que xai ?', true],
    ['xai a leve plus qu openai ou pas ?', true],
    ['Is Colossus bigger than Stargate?', true],
    ['Meta a-t-il moins de puces que Google ?', true],
    // no two things compared
    ['le projet xai c juste du bizness ou c plus que ça', false],
    ['Quelle méthode xAI a-t-il menée plus loin que jamais ?', false],
    ['Is demand higher than expected?', false],
    ['Pourquoi Nvidia a-t-il intérêt à ce que xAI achète davantage de H100 ?', false],
    ['How many GPUs does Musk picture being deployed to run ever more complex models?', false],
  ])('%s → %s', (question, compares) => {
    expect(asksComparison(question)).toBe(compares);
  });
});

describe('asksYesOrNo', () => {
  it.each([
    ['Did Nvidia give xAI a discount on the H100 chips?', true],
    ['Is Colossus liquid-cooled?', true],
    ['Cohere a-t-il investi dans xAI ?', true],
    ['Est-ce que les investisseurs ont dû donner leur feu vert ?', true],
    ['xai c deja rentable ou pas ?', true],
    // a question word asks for something else than yes or no
    ['Combien xAI a-t-il levé ?', false],
    ['Quel chatbot Musk a-t-il lancé ?', false],
    ["Qu'est-ce que Colossus ?", false],
    ['What does xAI call its advantage?', false],
  ])('%s → %s', (question, yesNo) => {
    expect(asksYesOrNo(question)).toBe(yesNo);
  });
});
