import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { forEdit, notice } from '../src/bot/respond.js';
import type { BotContext, Outcome, SlashCommand } from '../src/bot/types.js';
import type { Article } from '../src/corpus/types.js';
import type { QuestionEngine } from '../src/engine/types.js';
import { renderArticlePage } from '../src/reply/article.js';
import { articleKey, resolveArticleKey } from '../src/reply/custom-ids.js';
import { langOf, messages } from '../src/reply/i18n.js';
import { LIMITS } from '../src/reply/limits.js';
import { fitEscaped, truncatePlain } from '../src/reply/markdown.js';
import { cleanQuestion } from '../src/search/query/clean.js';

export const data = {
  name: 'source',
  description: 'Show a whole article, page by page',
  description_localizations: { fr: 'Afficher un article entier, page par page' },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'article',
      description: 'The article (start typing its title)',
      description_localizations: { fr: 'L’article (commencez à taper son titre)' },
      required: true,
      autocomplete: true,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'paragraphe',
      description: 'Open at this paragraph and mark it',
      description_localizations: { fr: 'Ouvrir à ce paragraphe et le marquer' },
      min_value: 1,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The loaded article a user named: an autocomplete value (file name or key), else an exact file
 * name or a title start. Only articles of the loaded corpus can come out: no path is ever opened.
 */
export function findArticle(engine: QuestionEngine, named: string): Article | undefined {
  const corpus = engine.corpus;
  const byKey = resolveArticleKey(corpus, named);
  if (byKey) return byKey;
  if (named.trim().length === 0) return undefined;
  const found = engine.getArticle(named);
  return found && corpus.articles.includes(found) ? found : undefined;
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<Outcome> {
  const engine = ctx.service.engine;
  const typed = String(interaction.options.getFocused() ?? '');
  const articles = engine ? engine.findArticles(typed, LIMITS.choices).slice(0, LIMITS.choices) : [];
  await interaction.respond(
    articles.map((a) => ({
      name:
        truncatePlain(cleanQuestion(a.title) || a.file, LIMITS.choiceName) ||
        a.file.slice(0, LIMITS.choiceName),
      value: articleKey(a.file),
    })),
  );
  return `choices-${articles.length}`;
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const lang = langOf(interaction.locale);
  const m = messages(lang);
  const engine = ctx.service.engine;
  if (!engine) {
    await notice(interaction, m.notReady);
    return 'not-ready';
  }
  const named = interaction.options.getString('article', true);
  const article = findArticle(engine, named);
  if (!article) {
    await notice(interaction, m.unknownArticle(fitEscaped(cleanQuestion(named), 100)));
    return 'unknown-article';
  }
  const wanted = interaction.options.getInteger('paragraphe') ?? 0;
  const exists = article.paragraphs.some((p) => p.number === wanted);
  const missing = wanted > 0 && !exists;
  await interaction.reply(
    renderArticlePage(article, {
      lang,
      attachWhenLong: true,
      mark: exists ? wanted : 0,
      ...(missing ? { notice: m.paragraphMissing(wanted, article.paragraphs.length), page: 0 } : {}),
    }),
  );
  return 'article-shown';
}

export const buttons: SlashCommand['buttons'] = {
  /** « précédent / suivant »: the page is in the custom id; the message is updated in place. */
  page: async (interaction, action, ctx) => {
    const lang = langOf(interaction.locale);
    const article = ctx.service.engine && resolveArticleKey(ctx.service.engine.corpus, action.key);
    if (!article) {
      await notice(interaction, messages(lang).unknownArticle(fitEscaped(action.key, 100)));
      return 'unknown-article';
    }
    await interaction.update(
      forEdit(renderArticlePage(article, { lang, page: action.page, mark: action.mark })),
    );
    return 'page-shown';
  },
};

export const command: SlashCommand = { data, execute, autocomplete, buttons };
