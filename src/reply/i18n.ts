/**
 * The bot's own words, in French and English. Quotes from the articles are never translated.
 * `interaction.locale` starting with "fr" picks French; anything else gets English.
 */
export type Lang = 'fr' | 'en';

export function langOf(locale: string | null | undefined): Lang {
  return typeof locale === 'string' && locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export interface Messages {
  answerFooter: string;
  sourceField: string;
  reference(file: string, paragraph: number, line: number): string;
  section: string;
  otherPassage(n: number): string;
  questionField: string;
  showArticle: string;
  showOthers: string;
  declinedTitle: string;
  declinedText: string;
  nearestNote: string;
  nearestField(n: number): string;
  noNearest: string;
  othersTitle: string;
  othersGone: string;
  unknownArticle(name: string): string;
  page(n: number, total: number): string;
  previous: string;
  next: string;
  paragraphMissing(n: number, count: number): string;
  continued: string;
  emptyQuestion: string;
  questionTooLong(length: number, max: number): string;
  cooldown(seconds: number): string;
  notReady: string;
  reloadNotAllowed: string;
  reloadOkTitle: string;
  reloadFailedTitle: string;
  reloadBusyTitle: string;
  reloadBusyText: string;
  reloadKept(articles: number, paragraphs: number): string;
  reloadPartialTitle: string;
  shards: string;
  shardSummary(
    total: number,
    counts: { ok: number; failed: number; busy: number; unreachable: number },
  ): string;
  shardOk(id: number, articles: number, paragraphs: number, ms: number): string;
  shardFailed(id: number, why: string, articles: number, paragraphs: number): string;
  shardBusy(id: number): string;
  shardUnreachable(id: number, why: string): string;
  added: string;
  removed: string;
  changed: string;
  paragraphs: string;
  articles: string;
  duration: string;
  refused: string;
  ignored: string;
  none: string;
  andMore(n: number): string;
  error: string;
  shuttingDown: string;
}

const fr: Messages = {
  answerFooter: 'Citation exacte de l’article · recherche BM25, aucun texte généré',
  sourceField: 'Source',
  reference: (file, paragraph, line) => `${file} § ${paragraph} (ligne ${line})`,
  section: 'Section',
  otherPassage: (n) => `Autre passage ${n}`,
  questionField: 'Question',
  showArticle: 'Voir l’article',
  showOthers: 'Autres passages',
  declinedTitle: 'Aucune réponse trouvée',
  declinedText: 'Je n’ai trouvé aucune réponse à cette question dans les articles.',
  nearestNote: 'Voici les passages les plus proches : ce ne sont pas des réponses.',
  nearestField: (n) => `Passage proche ${n} (pas une réponse)`,
  noNearest: 'Aucun passage proche non plus.',
  othersTitle: 'Autres passages',
  othersGone: 'Ces passages ne sont plus dans le corpus (il a été rechargé).',
  unknownArticle: (name) =>
    `Je ne connais pas l’article « ${name} ». Choisissez-en un dans la liste proposée.`,
  page: (n, total) => `Page ${n}/${total}`,
  previous: '« Précédent',
  next: 'Suivant »',
  paragraphMissing: (n, count) => `Cet article n’a pas de paragraphe ${n} (il en a ${count}).`,
  continued: '(suite)',
  emptyQuestion: 'Votre question est vide : écrivez quelques mots.',
  questionTooLong: (length, max) =>
    `Votre question est trop longue (${length} caractères, ${max} au plus). Pouvez-vous la raccourcir ?`,
  cooldown: (seconds) => `Doucement ! Vous pourrez reposer une question dans ${seconds} s.`,
  notReady: 'Le corpus n’est pas encore chargé. Réessayez dans un instant.',
  reloadNotAllowed:
    'Désolé, seuls les modérateurs (permission « Gérer le serveur ») peuvent recharger le corpus.',
  reloadOkTitle: 'Corpus rechargé',
  reloadFailedTitle: 'Échec du rechargement',
  reloadBusyTitle: 'Rechargement déjà en cours',
  reloadBusyText: 'Un rechargement est déjà en cours. Réessayez quand il sera terminé.',
  reloadKept: (articles, paragraphs) =>
    `L’index en service est conservé (${articles} articles, ${paragraphs} paragraphes).`,
  reloadPartialTitle: 'Rechargement incomplet',
  shards: 'Shards',
  shardSummary: (total, c) =>
    `${total} shards : ${[
      c.ok > 0 ? `${c.ok} rechargé${c.ok > 1 ? 's' : ''}` : '',
      c.failed > 0 ? `${c.failed} en échec (index conservé)` : '',
      c.busy > 0 ? `${c.busy} déjà en cours de rechargement` : '',
      c.unreachable > 0 ? `${c.unreachable} injoignable${c.unreachable > 1 ? 's' : ''}` : '',
    ]
      .filter((s) => s.length > 0)
      .join(', ')}.`,
  shardOk: (id, articles, paragraphs, ms) =>
    `• shard ${id} : ok — ${articles} articles, ${paragraphs} paragraphes, ${ms} ms`,
  shardFailed: (id, why, articles, paragraphs) =>
    `• shard ${id} : **échec** — ${why} — index conservé (${articles} articles, ${paragraphs} paragraphes)`,
  shardBusy: (id) => `• shard ${id} : occupé — un rechargement y était déjà en cours`,
  shardUnreachable: (id, why) => `• shard ${id} : **injoignable** — ${why}`,
  added: 'Ajoutés',
  removed: 'Retirés',
  changed: 'Modifiés',
  paragraphs: 'Paragraphes',
  articles: 'Articles',
  duration: 'Durée',
  refused: 'Fichiers refusés',
  ignored: 'Fichiers ignorés',
  none: 'aucun',
  andMore: (n) => `… et ${n} de plus`,
  error: 'Désolé, une erreur est survenue. Réessayez dans un instant.',
  shuttingDown: 'Le bot redémarre. Réessayez dans un instant.',
};

const en: Messages = {
  answerFooter: 'Exact quote from the article · BM25 search, no generated text',
  sourceField: 'Source',
  reference: (file, paragraph, line) => `${file} § ${paragraph} (line ${line})`,
  section: 'Section',
  otherPassage: (n) => `Other passage ${n}`,
  questionField: 'Question',
  showArticle: 'Show article',
  showOthers: 'Other passages',
  declinedTitle: 'No answer found',
  declinedText: 'I found no answer to this question in the articles.',
  nearestNote: 'Here are the closest passages: they are not answers.',
  nearestField: (n) => `Closest passage ${n} (not an answer)`,
  noNearest: 'No close passage either.',
  othersTitle: 'Other passages',
  othersGone: 'These passages are no longer in the corpus (it was reloaded).',
  unknownArticle: (name) => `I don't know the article “${name}”. Please pick one from the suggestions.`,
  page: (n, total) => `Page ${n}/${total}`,
  previous: '« Previous',
  next: 'Next »',
  paragraphMissing: (n, count) => `This article has no paragraph ${n} (it has ${count}).`,
  continued: '(continued)',
  emptyQuestion: 'Your question is empty: please type a few words.',
  questionTooLong: (length, max) =>
    `Your question is too long (${length} characters, at most ${max}). Could you shorten it?`,
  cooldown: (seconds) => `Easy there! You can ask again in ${seconds} s.`,
  notReady: 'The corpus is not loaded yet. Please try again in a moment.',
  reloadNotAllowed: 'Sorry, only moderators (Manage Server permission) can reload the corpus.',
  reloadOkTitle: 'Corpus reloaded',
  reloadFailedTitle: 'Reload failed',
  reloadBusyTitle: 'Reload already running',
  reloadBusyText: 'A reload is already running. Please try again when it is done.',
  reloadKept: (articles, paragraphs) =>
    `The working index is kept (${articles} articles, ${paragraphs} paragraphs).`,
  reloadPartialTitle: 'Reload incomplete',
  shards: 'Shards',
  shardSummary: (total, c) =>
    `${total} shards: ${[
      c.ok > 0 ? `${c.ok} reloaded` : '',
      c.failed > 0 ? `${c.failed} failed (index kept)` : '',
      c.busy > 0 ? `${c.busy} already reloading` : '',
      c.unreachable > 0 ? `${c.unreachable} unreachable` : '',
    ]
      .filter((s) => s.length > 0)
      .join(', ')}.`,
  shardOk: (id, articles, paragraphs, ms) =>
    `• shard ${id}: ok — ${articles} articles, ${paragraphs} paragraphs, ${ms} ms`,
  shardFailed: (id, why, articles, paragraphs) =>
    `• shard ${id}: **failed** — ${why} — index kept (${articles} articles, ${paragraphs} paragraphs)`,
  shardBusy: (id) => `• shard ${id}: busy — a reload was already running there`,
  shardUnreachable: (id, why) => `• shard ${id}: **unreachable** — ${why}`,
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  paragraphs: 'Paragraphs',
  articles: 'Articles',
  duration: 'Duration',
  refused: 'Refused files',
  ignored: 'Ignored files',
  none: 'none',
  andMore: (n) => `… and ${n} more`,
  error: 'Sorry, something went wrong. Please try again in a moment.',
  shuttingDown: 'The bot is restarting. Please try again in a moment.',
};

const MESSAGES: Record<Lang, Messages> = { fr, en };

export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

/** Messages for a Discord locale such as "fr", "en-US", "de". */
export function t(locale: string | null | undefined): Messages {
  return MESSAGES[langOf(locale)];
}
