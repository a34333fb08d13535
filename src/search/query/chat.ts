/**
 * Chat-style spellings people type in Discord, mapped to the words the articles use. Only whole
 * words are replaced, so "nb" becomes "nombre" but "nbre" or "nba" are left alone.
 */
const CHAT_WORDS: Record<string, string> = {
  nb: 'nombre',
  nbr: 'nombre',
  nbre: 'nombre',
  cb: 'combien',
  cbn: 'combien',
  cmb: 'combien',
  cbien: 'combien',
  combein: 'combien',
  conbien: 'combien',
  pourqoi: 'pourquoi',
  pourqoui: 'pourquoi',
  pouquoi: 'pourquoi',
  pq: 'pourquoi',
  pk: 'pourquoi',
  pkoi: 'pourquoi',
  pourquoa: 'pourquoi',
  koi: 'quoi',
  kwa: 'quoi',
  qd: 'quand',
  kan: 'quand',
  ki: 'qui',
  kel: 'quel',
  kelle: 'quelle',
  kels: 'quels',
  komen: 'comment',
  cmt: 'comment',
  ds: 'dans',
  ac: 'avec',
  avc: 'avec',
  pr: 'pour',
  ptet: 'peut-être',
  bcp: 'beaucoup',
  tt: 'tout',
  tjs: 'toujours',
  tjrs: 'toujours',
  mtn: 'maintenant',
  ajd: "aujourd'hui",
  auj: "aujourd'hui",
  md: 'milliards',
  mds: 'milliards',
  mrd: 'milliards',
  mrds: 'milliards',
  mio: 'millions',
  pote: 'ami',
  potes: 'amis',
  '1er': 'premier',
  '1ere': 'première',
  '1re': 'première',
  info: 'information',
  infos: 'informations',
  appli: 'application',
  applis: 'applications',
  infra: 'infrastructure',
  infras: 'infrastructures',
  dc: 'datacenter',
  ia: 'IA',
  dapres: "d'après",
  tte: 'toute',
  ttes: 'toutes',
  ca: 'ça',
  conso: 'consommation',
  elec: 'électrique',
  élec: 'électrique',
  gouv: 'gouvernement',
  fr: 'français',
  brit: 'britannique',
  brits: 'britanniques',
  apelle: 'appelle',
  apellent: 'appellent',
  apeller: 'appeler',
  whats: "what's",
  whos: "who's",
  pub: 'publicité',
  qqn: "quelqu'un",
  qq1: "quelqu'un",
  qqch: 'quelque chose',
  pcq: 'parce que',
  pck: 'parce que',
  psk: 'parce que',
  ya: 'il y a',
  dla: 'de la',
  cad: "c'est-à-dire",
  càd: "c'est-à-dire",
  vrmt: 'vraiment',
  mnt: 'maintenant',
  qlq: 'quelque',
  valo: 'valorisation',
  valos: 'valorisations',
  // nicknames and stock tickers people use for the companies and people of tech news
  zuck: 'Zuckerberg',
  nvda: 'Nvidia',
  tsla: 'Tesla',
  msft: 'Microsoft',
  goog: 'Google',
  googl: 'Google',
  dsl: '',
  jsp: '',
  tkt: '',
  stp: '',
  svp: '',
  slt: '',
  bjr: '',
  wesh: '',
  mdr: '',
  lol: '',
};

/** "c koi", "c qui", "c quoi" at a word boundary mean "c'est …". */
const C_EST = /(^|\s)c\s+(?=(?:koi|kwa|quoi|qui|ki|quand|qd|combien|cb|où|ou)\b)/giu;

/** "100k" is 100 000, "12mds", "$20bn" and "20B" are milliards, "600mn" and "50M" millions, as the articles write them. */
const THOUSANDS = /(?<![\p{L}\p{N}])(\d{1,3})k(?![\p{L}\p{N}])/giu;
const BILLIONS_GLUED = /(?<![\p{L}\p{N}])(\d+(?:[.,]\d+)?)\s?(?:mds?|mrds?|md|bn|bns)(?![\p{L}\p{N}])/giu;
const MILLIONS_GLUED = /(?<![\p{L}\p{N}])(\d+(?:[.,]\d+)?)\s?(?:mios?|mn)(?![\p{L}\p{N}])/giu;
/** "50M", "$20B": a capital letter glued to the number (a lower-case "50m" may be metres). */
const MILLIONS_CAPITAL = /(?<![\p{L}\p{N}])(\d+(?:[.,]\d+)?)M(?![\p{L}\p{N}])/gu;
const BILLIONS_CAPITAL = /(?<![\p{L}\p{N}])(\d+(?:[.,]\d+)?)B(?![\p{L}\p{N}])/gu;

export function expandChatSpelling(question: string): string {
  return question
    .replace(C_EST, "$1c'est ")
    .replace(THOUSANDS, '$1 000')
    .replace(BILLIONS_GLUED, '$1 milliards')
    .replace(MILLIONS_GLUED, '$1 millions')
    .replace(MILLIONS_CAPITAL, '$1 millions')
    .replace(BILLIONS_CAPITAL, '$1 milliards')
    .replace(/[\p{L}\p{N}]+/gu, (word) => {
      const replacement = CHAT_WORDS[word.toLowerCase()];
      return replacement === undefined ? word : replacement;
    });
}

/** What the articles say: whether a word is one they use (every term of it indexed), or a stop word. */
export interface Vocabulary {
  isUsed(word: string): boolean;
  isStopWord(word: string): boolean;
}

/** The elided words of French, as chat glues them to the next word ("larticle", "sappelle", "quil"). */
const GLUED_ELISION = /(?<![\p{L}\p{N}'’])(qu|[cdjlmnst])([aeiouyhàâéèêîôû][\p{L}]+)(?![\p{L}\p{N}'’])/giu;
/** Function words an elision is glued to in chat ("sest", "cest", "jai", "quil"): never in an index. */
const ELIDED_FUNCTION_WORDS = new Set([
  'est',
  'était',
  'etait',
  'ai',
  'avait',
  'il',
  'ils',
  'elle',
  'elles',
  'un',
  'une',
  'on',
  'en',
  'y',
]);

/**
 * "larticle", "sappelle", "lia", "sest": chat often drops the apostrophe of an elision. A word the
 * articles never use is split when what follows its first letter (or "qu") is a word they use, or a
 * function word ("est", "il"): "l'article", "s'appelle". A word the articles use, or a stop word, is left
 * whole ("lance", "taux"), and so is a word whose rest is unknown too.
 */
export function restoreGluedElisions(question: string, vocabulary: Vocabulary): string {
  return question.replace(GLUED_ELISION, (word, elided: string, rest: string) => {
    if (vocabulary.isStopWord(word) || vocabulary.isUsed(word)) return word;
    return ELIDED_FUNCTION_WORDS.has(rest.toLowerCase()) || vocabulary.isUsed(rest)
      ? `${elided}'${rest}`
      : word;
  });
}
