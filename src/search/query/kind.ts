/** The kind of answer a question asks for; it decides which sentence is worth quoting. */
export type AnswerKind = 'number' | 'who' | 'when' | 'where' | 'why' | 'how' | 'other';

// Ordered: the first pattern that matches wins ("à combien" before "qui", "pourquoi" before "quoi").
// "qui" asks for a person only at the start or after a preposition: elsewhere it is a relative pronoun
// ("le siècle qui vient", "qu'est-ce qui reste").
const KIND_PATTERNS: Array<[AnswerKind, RegExp]> = [
  [
    'number',
    /\b(?:combien|nombre\s+d|quel(?:le)?s?\s+(?:(?:est|était|sont|étaient|etait)\s+(?:le|la|les|l')\s*)?(?:montant|somme|valeur|valorisation|prix|taille|puissance|consommation|capacit[eé]|part|pourcentage|quantit[eé]|chiffre)|how\s+(?:many|much|big|large)|what\s+(?:(?:is|was|are|were)\s+the\s+)?(?:amount|sum|valuation|value|price|size|share|percentage|number))/iu,
  ],
  ['why', /\b(?:pourquoi|pour\s+quelle\s+raison|why|for\s+what\s+reason)\b/iu],
  [
    'when',
    /\b(?:quand|quel(?:le)?\s+(?:date|jour|ann[ée]e|mois)|en\s+quelle\s+ann[ée]e|when|what\s+(?:date|day|year))\b/iu,
  ],
  [
    'where',
    /(?:^|\s)(?:où\s|^ou\s+(?:se|est|sont|a|ont|sera|va|vont|se\s+trouve)\b|dans\s+quel(?:le)?s?\s+(?:pays|ville|r[ée]gion|[ée]tat|lieu)|where\b)/iu,
  ],
  [
    'who',
    /(?:(?:^|[,;:¿]\s*|(?<![\p{L}])(?:à|a|de|par|avec|pour|chez|selon|c'est|est)\s+)qui\b|comment\s+s['’]\s*appell?e|quel(?:le)?s?\s+(?:est|sont|était|étaient|etait)\s+(?:le|la|les|l['’])\s*noms?\b|what\s+(?:is|was|are|were)\s+the\s+names?\b|\b(?:quel(?:le)?s?(?:\s+(?:sont|étaient|etaient|est|était)\s+(?:les?|la|l['’]))?\s+(?:[\p{L}-]+\s+){0,2}?(?:personnes?|dirigeants?|investisseurs?|pdg|patrons?|amis?|hommes?|femmes?|soci[ée]t[ée]s?|entreprises?|fonds|acteurs?|banques?|groupes?|fabricants?|constructeurs?|partenaires?|concurrents?|rivaux|rival|r[ée]gulateurs?|ministres?|fondateurs?|pr[ée]sidents?|directeurs?|actionnaires?|clients?|fournisseurs?|m[ée]dias?|journal|journaux|sites?)|who|whom|whose|which\s+(?:[\p{L}-]+\s+){0,2}?(?:person|people|investors?|compan(?:y|ies)|firms?|funds?|ceo|banks?|ministers?|regulators?|partners?|rivals?|competitors?|founders?|shareholders?|site|media|newspaper)))\b/iu,
  ],
  ['how', /\b(?:comment|de\s+quelle\s+(?:mani[eè]re|fa[cç]on)|how)\b/iu],
];

export function detectAnswerKind(question: string): AnswerKind {
  for (const [kind, pattern] of KIND_PATTERNS) {
    if (pattern.test(question)) return kind;
  }
  return 'other';
}
