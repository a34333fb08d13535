/** The kind of answer a question asks for; it decides which sentence is worth quoting. */
export type AnswerKind = 'number' | 'who' | 'when' | 'where' | 'why' | 'how' | 'definition' | 'other';

/** A name of one to three words (the group a definition pattern captures). */
const NAME = String.raw`((?:[\p{L}\p{N}][\p{L}\p{N}.'’-]*)(?:\s+[\p{L}\p{N}][\p{L}\p{N}.'’-]*){0,2}?)`;
/** Chat filler that may end a definition question ("c'est quoi Colossus exactement ?"). */
const TRAILING_FILLER = String.raw`(?:\s+(?:exactement|précisément|vraiment|au\s+juste|en\s+fait|d[ée]j[àa]|encore|exactly|actually|really|again))*\s*\??\s*$`;

/**
 * "c'est quoi Colossus", "what is Grok", "qui est Liz Kendall": the whole question asks what a name is.
 * "qui est" wants a name without an article: "qui est le PDG de xAI" asks for a person, not a definition.
 */
const DEFINITION = new RegExp(
  String.raw`^\s*(?:(?:c['’]\s*est\s+quoi|qu['’]\s*est[\s-]ce\s+que?|what\s+is|what['’]s|what\s+are)\s+(?:(?:un|une|le|la|les|a|an|the)\s+|l['’])?|(?:c['’]\s*est\s+qui|qui\s+est|who\s+is|who['’]s)\s+)${NAME}${TRAILING_FILLER}`,
  'iu',
);

/** "Colossus c'est quoi", "grok c koi" (chat spellings expanded): the name comes first. */
const DEFINITION_AFTER = new RegExp(
  String.raw`^\s*${NAME}\s*,?\s+c['’]\s*est\s+(?:quoi|qui)${TRAILING_FILLER}`,
  'iu',
);

/** "How does the article define AGI?", "Comment l'article définit-il l'AGI ?": the name comes last. */
const DEFINITION_ASKED = new RegExp(
  String.raw`(?:how\s+(?:does|do|did)\s+(?:the\s+)?(?:article|piece|text|author)\s+define|comment\s+(?:l['’]\s*article|le\s+texte|l['’]\s*auteur)\s+d[ée]finit(?:[\s-]+t)?(?:[\s-]+(?:il|elle))?)\s+(?:(?:le|la|les|un|une|the|an?)\s+|l['’]\s*)?${NAME}\s*\??\s*$`,
  'iu',
);

/**
 * "What is Liz Kendall's job?", "Quelle est la fonction de Liz Kendall ?": asks what someone is, which a
 * definition of the name says ("Liz Kendall, la secrétaire britannique à la technologie").
 */
const ROLE_ASKED = new RegExp(
  String.raw`^\s*(?:what(?:['’]s|\s+(?:is|was))\s+${NAME}['’]s?\s+(?:job|role|title|position)|quel(?:le)?\s+(?:est|était|etait)\s+(?:le\s+(?:poste|r[ôo]le|titre|m[ée]tier)|la\s+fonction)\s+(?:de\s+|d['’]\s*)${NAME})\s*\??\s*$`,
  'iu',
);

export function asksRole(question: string): boolean {
  return ROLE_ASKED.test(question);
}

/** "what's Google's AI called", "what is the rule called": asks a name; the words between say of what. */
export const WHAT_IS_CALLED =
  /what(?:['’]s|s|\s+(?:is|was|are|were))\s+((?:[\p{L}\p{N}'’-]+\s+){1,4}?)called(?![\p{L}])/iu;

/** The name a definition question asks about ("Colossus" in "c'est quoi Colossus ?"), if it is one. */
export function definedName(question: string): string | undefined {
  const role = ROLE_ASKED.exec(question);
  if (role !== null) return role[1] ?? role[2];
  const name =
    DEFINITION.exec(question)?.[1] ??
    DEFINITION_AFTER.exec(question)?.[1] ??
    DEFINITION_ASKED.exec(question)?.[1];
  // "who is Nvidia's CEO" asks for a person, like "qui est le PDG de Nvidia"; "what's the valuation of X"
  // for a property of X; "what's Grok's rival called" for a name; "what is xAI worth" for an amount
  return name === undefined ||
    /['’]s?(?![\p{L}])|(?<![\p{L}])(?:of|de|du|des|d['’]|for|pour|called|worth|valued)(?![\p{L}])/iu.test(
      name,
    )
    ? undefined
    : name;
}

// Ordered: where two patterns match at the same place, the first wins ("quel montant" is a number).
// A chat question typed without accents ends on "ou" for "où" ("la fusion a été annoncée ou").
// "qui" asks for a person only at the start or after a preposition: elsewhere it is a relative pronoun
// ("le siècle qui vient", "qu'est-ce qui reste").
const KIND_PATTERNS: Array<[AnswerKind, RegExp]> = [
  [
    'number',
    /\b(?:combien|nombre\s+d|quel(?:le)?s?\s+(?:(?:est|était|sont|étaient|etait|sera|seront|serait|seraient)\s+(?:le|la|les|l')\s*)?(?:montant|somme|valeur|valorisation|prix|co[uû]t|budget|dette|salaire|revenus?|taille|puissance|consommation|capacit[eé]|part|pourcentage|quantit[eé]|chiffre|nombre|dur[ée]e)|how\s+(?:many|much|big|large|long)|(?:at|for)\s+what\s+(?:price|amount|cost|valuation)|what\s+(?:(?:is|was|are|were)\s+(?:the\s+|[\p{L}\p{N}-]+['’]s?\s+))?(?:amount|sum|valuation|value|price|cost|budget|debt|size|share|percentage|number|revenues?|sales|turnover|profits?)|what(?:['’]s|\s+(?:is|was|are|were))\s+(?:[\p{L}\p{N}'’-]+\s+){1,4}?(?:worth|(?:valued|priced)\s+at)(?![\p{L}]))/iu,
  ],
  [
    'why',
    /\b(?:pourquoi|pour\s+quelle\s+raison|why|for\s+what\s+reason|what(?:['’]s|\s+is|\s+was)\s+the\s+(?:point|purpose)\s+of|^\s*what\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?[\p{L}\p{N}'’ -]{1,40}?\s+for(?=\s*\??\s*$)|[àa]\s+quoi\s+(?:sert|servent|servira|serviront|servirait|va\s+servir|vont\s+servir|doit\s+servir|doivent\s+servir)|(?:sert|servent|servira|serviront|servirait)\s+[àa]\s+quoi)\b/iu,
  ],
  [
    'when',
    /\b(?:quand|quel(?:le)?\s+(?:(?:est|était|etait)\s+(?:la|le|l['’])\s*)?(?:date|jour|ann[ée]e|mois)|en\s+quelle\s+ann[ée]e|when|(?:what|which)\s+(?:(?:is|was)\s+the\s+)?(?:date|day|year|month))\b/iu,
  ],
  [
    'where',
    /(?:^|\s)(?:où(?:\s|\s*\?*\s*$)|^ou\s+(?:se|est|sont|a|ont|sera|va|vont|se\s+trouve)\b|ou(?:\s+(?:exactement|précisément|precisement|donc|d[ée]j[àa]|ça|ca|au\s+juste))*\s*(?:\?*\s*$|,)|(?:dans|en)\s+quel(?:le)?s?\s+(?:pays|ville|r[ée]gion|[ée]tat|lieu|endroit)|quel(?:le)?s?\s+(?:(?:est|était|etait)\s+(?:la|le|l['’])\s*(?:pays|ville|r[ée]gion|lieu|endroit)|lieu|endroit)(?![\p{L}])|c['’]est\s+o[uù](?![\p{L}])|quel(?:le)?s?\s+(?:pays|villes?|r[ée]gions?)(?![\p{L}])|(?:in\s+)?(?:which|what)\s+(?:[\p{L}.]+\s+)?(?:cit(?:y|ies)|countr(?:y|ies)|regions?|places?)\b|in\s+(?:which|what)\s+(?:[\p{L}.]+\s+)?state\b|where\b)/iu,
  ],
  [
    'who',
    /(?:(?:^|[,;:¿]\s*|(?<![\p{L}])(?:à|a|de|par|avec|pour|chez|selon|c'est|est)\s+)qui\b|comment\s+s['’]\s*appell?e(?:nt)?|(?<![\p{L}])s['’\s]\s*appell?e(?:nt)?\s+comment|quel(?:le)?s?\s+(?:est|sont|était|étaient|etait)\s+(?:le|la|les|l['’])\s*noms?\b|what(?:\s+(?:is|was|are|were)|['’]s|s)\s+the\s+names?\b|\b(?:quel(?:le)?s?(?:\s+(?:sont|étaient|etaient|est|était)\s+(?:les?|la|l['’]))?\s+(?:[\p{L}-]+\s+){0,2}?(?:personnes?|dirigeants?|investisseurs?|pdg|patrons?|amis?|hommes?|femmes?|soci[ée]t[ée]s?|entreprises?|fonds|acteurs?|banques?|groupes?|fabricants?|constructeurs?|partenaires?|concurrents?|rivaux|rival|r[ée]gulateurs?|ministres?|fondateurs?|pr[ée]sidents?|directeurs?|actionnaires?|clients?|fournisseurs?|m[ée]dias?|journal|journaux|quotidiens?|journalistes?|sites?|firmes?|start-?ups?|plateformes?|programmes?|produits?|applications?|chatbots?)|who|whom|whose|which\s+(?:[\p{L}-]+\s+){0,2}?(?:person|people|investors?|compan(?:y|ies)|firms?|funds?|ceo|banks?|ministers?|regulators?|partners?|rivals?|competitors?|founders?|shareholders?|site|media|newspapers?|outlets?|journalists?|reporters?|startups?|platforms?|programs?|products?|apps?|chatbots?)))\b/iu,
  ],
  ['who', WHAT_IS_CALLED],
  ['how', /\b(?:comment|de\s+quelle\s+(?:mani[eè]re|fa[cç]on)|how)\b/iu],
];

/**
 * Questions for a thing ("c'est quoi", "quel", "what"): no kind of their own, but a question word that
 * comes after them is a conjunction ("c'est quoi les limites quand la demande explose").
 */
const THING_QUESTION =
  /(?<=^|[\s,;:(«"'’])(?:c['’]est\s+quoi|quoi|qu['’]est[\s-]ce|(?<!est[\s-]ce\s)que|quel(?:le)?s?|lequel|laquelle|what|which)(?![\p{L}])/iu;

/** The kind asked by the question word that comes first; at the same place, the earlier pattern wins. */
export function detectAnswerKind(question: string): AnswerKind {
  if (definedName(question) !== undefined) return 'definition';
  let found: { kind: AnswerKind; at: number } = {
    kind: 'other',
    at: question.search(THING_QUESTION) === -1 ? Number.POSITIVE_INFINITY : question.search(THING_QUESTION),
  };
  for (const [kind, pattern] of KIND_PATTERNS) {
    const at = question.search(pattern);
    if (at !== -1 && (at < found.at || (at === found.at && found.kind === 'other'))) found = { kind, at };
  }
  return found.kind;
}

/**
 * "OpenAI a-t-il plus de GPU que xAI ?", "Is Colossus bigger than Stargate?": the question compares two
 * things, which a quote naming both does not answer unless it compares them too. "c'est plus que ça", "plus
 * loin que jamais", "more than ever" compare nothing named.
 */
const COMPARES =
  /(?<![\p{L}])(?:(?:plus|moins|davantage|autant)(?:\s+(?:de|d['’]))?\s+(?:[\p{L}\p{N}-]+\s+){0,3}?qu(?:e|['’]|(?=\s))|(?:more|less|fewer|\p{L}{3,}er)\s+(?:[\p{L}\p{N}-]+\s+){0,3}?than)(?![\p{L}])(?!\s*(?:ça|ca|cela|ceci|jamais|prévu|pr[ée]vu|d['’]\s*habitude|that|this|ever|expected|usual|before)(?![\p{L}]))/iu;

export function asksComparison(question: string): boolean {
  return COMPARES.test(question);
}

/** English questions that open on an auxiliary ("Did Nvidia give…", "Is Colossus…") ask yes or no. */
const ENGLISH_YES_NO =
  /^\s*(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should)(?![\p{L}])/iu;
/** "Est-ce que…", "…ou pas ?", "oui ou non": French yes-or-no questions. */
const FRENCH_YES_NO =
  /^\s*est[\s-]ce\s+qu|(?<![\p{L}])ou\s+(?:pas|non)\s*[?!.]*\s*$|(?<![\p{L}])oui\s+ou\s+non(?![\p{L}])/iu;
/** "Cohere a-t-il investi…": a verb and its subject pronoun inverted, which with no question word asks yes or no. */
const INVERTED_SUBJECT = /[\p{L}]-(?:t-)?(?:il|elle|ils|elles|on)(?![\p{L}])/iu;
const QUESTION_WORD =
  /(?<![\p{L}])(?:qui|que|qu['’]|quoi|quel(?:le)?s?|lequel|laquelle|combien|comment|pourquoi|o[uù]|quand|what|which|who|whom|whose|how|why|where|when)(?![\p{L}])/iu;

/**
 * A question answered by yes or no ("Nvidia a-t-il accordé une remise ?", "Did Nvidia give a discount?"):
 * a quote confirms it only if it holds every word of it, since the word missing is the claim itself.
 */
export function asksYesOrNo(question: string): boolean {
  if (ENGLISH_YES_NO.test(question) || FRENCH_YES_NO.test(question)) return true;
  return INVERTED_SUBJECT.test(question) && !QUESTION_WORD.test(question);
}

/** French month and weekday names, for patterns of dates here and in the answer's checks. */
export const FRENCH_MONTHS =
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre';
export const FRENCH_WEEKDAYS = 'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche';

/**
 * "On which day of the week", "en quelle année", "which month": the date must be of that unit (a weekday,
 * a year, a month), not any date ("en 2022" says no weekday).
 */
const DATE_UNITS: readonly (readonly [asked: RegExp, said: RegExp])[] = [
  [
    /(?<![\p{L}])(?:day\s+of\s+the\s+week|jour\s+de\s+la\s+semaine|week\s?day)(?![\p{L}])/iu,
    new RegExp(
      String.raw`(?<![\p{L}])(?:${FRENCH_WEEKDAYS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?![\p{L}])`,
      'iu',
    ),
  ],
  [
    /(?<![\p{L}])(?:(?:which|what)\s+year|quelle\s+ann[ée]e)(?![\p{L}])/iu,
    /(?<![\p{L}\p{N}])(?:19|20)\d{2}(?![\p{L}\p{N}])/u,
  ],
  [
    /(?<![\p{L}])(?:(?:which|what)\s+month|quel\s+mois)(?![\p{L}])/iu,
    new RegExp(String.raw`(?<![\p{L}])(?:${FRENCH_MONTHS})(?![\p{L}])`, 'iu'),
  ],
];

/** What a date must be for this question: a weekday, a year or a month if it asks one, else any date. */
export function askedDateUnit(question: string): RegExp | undefined {
  return DATE_UNITS.find(([asked]) => asked.test(question))?.[1];
}
