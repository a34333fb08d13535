import {
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { forEdit, notice, send } from '../src/bot/respond.js';
import type { BotContext, Outcome, SlashCommand } from '../src/bot/types.js';
import type { Passage } from '../src/reply/answer.js';
import { renderAnswer, renderPassages } from '../src/reply/answer.js';
import { renderArticlePage } from '../src/reply/article.js';
import { resolveArticleKey } from '../src/reply/custom-ids.js';
import { langOf, messages } from '../src/reply/i18n.js';
import { cleanQuestion, MAX_QUESTION_LENGTH } from '../src/search/query/clean.js';

export const data = {
  name: 'ask',
  description: 'Ask a question about the news articles; the answer quotes their exact sentences',
  description_localizations: {
    fr: 'Posez une question sur les articles : la réponse cite leurs phrases exactes',
  },
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'Your question, in French or English',
      description_localizations: { fr: 'Votre question, en français ou en anglais' },
      required: true,
      max_length: MAX_QUESTION_LENGTH,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'cacher',
      description: 'Only you see the answer',
      description_localizations: { fr: 'Vous seul voyez la réponse' },
    },
    {
      type: ApplicationCommandOptionType.User,
      name: 'mention',
      description: 'Notify this person with the answer',
      description_localizations: { fr: 'Prévenir cette personne avec la réponse' },
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome> {
  const lang = langOf(interaction.locale);
  const m = messages(lang);
  const question = cleanQuestion(interaction.options.getString('question', true));
  if (question.length === 0) {
    await notice(interaction, m.emptyQuestion);
    return 'empty-question';
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    await notice(interaction, m.questionTooLong(question.length, MAX_QUESTION_LENGTH));
    return 'question-too-long';
  }
  const turn = ctx.cooldown.take(interaction.user.id);
  if (!turn.ok) {
    await notice(interaction, m.cooldown(Math.ceil(turn.retryAfterMs / 1000)));
    return 'cooldown';
  }
  const engine = ctx.service.engine;
  if (!engine) {
    await notice(interaction, m.notReady);
    return 'not-ready';
  }
  const hidden = interaction.options.getBoolean('cacher') ?? false;
  const mention = interaction.options.getUser('mention');
  if (ctx.shouldDefer()) {
    await interaction.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
  }
  const started = performance.now();
  const result = engine.ask(question);
  ctx.recordAskDuration(performance.now() - started);
  ctx.log.debug({ answered: result.answered, answers: result.answers.length }, 'question answered');
  const payload = renderAnswer(result, {
    lang,
    question,
    ephemeral: hidden,
    ...(mention ? { mentionUserId: mention.id } : {}),
  });
  if (interaction.deferred && payload.content) {
    // Discord does not notify mentions added by an edit: answer in place, then ping in a follow-up.
    const { content, allowedMentions, ...answer } = payload;
    await interaction.editReply(forEdit({ ...answer, allowedMentions: { parse: [] } }));
    await interaction.followUp({
      content,
      allowedMentions,
      ...(hidden ? { flags: MessageFlags.Ephemeral } : {}),
    });
  } else {
    await send(interaction, payload);
  }
  return result.answered ? 'answered' : 'declined';
}

export const buttons: SlashCommand['buttons'] = {
  /** "Show article": the page holding the quoted paragraph, marked, only for the clicker. */
  article: async (interaction, action, ctx) => {
    const lang = langOf(interaction.locale);
    const article = ctx.service.engine && resolveArticleKey(ctx.service.engine.corpus, action.key);
    if (!article) {
      await notice(interaction, messages(lang).othersGone);
      return 'article-gone';
    }
    await interaction.reply(
      renderArticlePage(article, { lang, mark: action.paragraph, ephemeral: true, attachWhenLong: true }),
    );
    return 'article-shown';
  },
  /** "Other passages": the other answers' paragraphs in full, only for the clicker. */
  more: async (interaction, action, ctx) => {
    const lang = langOf(interaction.locale);
    const corpus = ctx.service.engine?.corpus;
    const passages: Passage[] = [];
    for (const ref of action.refs) {
      const article = corpus && resolveArticleKey(corpus, ref.key);
      const p = article?.paragraphs.find((x) => x.number === ref.paragraph);
      if (article && p) {
        passages.push({
          file: article.file,
          title: article.title,
          paragraph: p.number,
          line: p.line,
          text: p.text,
        });
      }
    }
    await interaction.reply(renderPassages(passages, lang));
    return passages.length > 0 ? 'passages-shown' : 'passages-gone';
  },
};

export const command: SlashCommand = { data, execute, buttons };
