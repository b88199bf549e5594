"""The handlers: small, one per kind of update, all relaying through ``relay``.

Logging rule for this module (and the process): ids only. A log line may carry the update id, the hashed
conversation id and an exception's class, never a Telegram id, a name or anything a practitioner typed.
"""
from __future__ import annotations

import logging
import traceback
from contextlib import suppress
from typing import Optional

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from . import texts
from .buttons import Choice
from .context import RelayContext
from .formatting import keyboard, parse_buttons, plain, render_reply, typed_text
from .identity import conversation_id
from .rasa_client import RasaUnavailable

logger = logging.getLogger(__name__)

CHOSEN = "chosen"  # callback data of the "✓ answer" marker left where a pressed keyboard was
RESET_CONFIRMED, RESET_CANCELLED = "reset:yes", "reset:no"  # local choices: never sent to Rasa
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send_html(context: RelayContext, chat_id: int, html: str,
                    markup: Optional[InlineKeyboardMarkup] = None) -> None:
    """Send one HTML message (already escaped by ``formatting``), without link previews."""
    await context.bot.send_message(chat_id, html, parse_mode=ParseMode.HTML, reply_markup=markup,
                                   link_preview_options=NO_PREVIEW)


async def say(context: RelayContext, chat_id: int, text: str) -> None:
    """Send one of the fixed plain texts."""
    await send_html(context, chat_id, plain(text))


async def relay(chat: Chat, context: RelayContext, message: str) -> None:
    """Send one message to Rasa as this chat's conversation, and every reply back in order."""
    services = context.services
    conversation = conversation_id(chat.id, services.id_key)
    services.buttons.supersede(conversation)  # the dialogue moves on: older buttons no longer apply
    with suppress(TelegramError):
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    try:
        replies = await services.rasa.send(conversation, message)
    except RasaUnavailable as error:
        logger.warning("conversation %s: %s; sent the safe message", conversation, error)
        await say(context, chat.id, texts.SAFE_MESSAGE)
        return
    sent = 0
    for reply in replies:
        tokens = services.buttons.offer(conversation, parse_buttons(reply))
        for part in render_reply(reply, tokens):
            await send_html(context, chat.id, part.text, part.reply_markup)
            sent += 1
    if not sent:  # never leave a practitioner with silence
        logger.warning("conversation %s: Rasa sent nothing to show; sent the safe message", conversation)
        await say(context, chat.id, texts.SAFE_MESSAGE)


# ---- who may talk to the bot ---------------------------------------------------------------------


async def refuse_strangers(update: Update, context: RelayContext) -> None:
    """Runs before every other handler: someone not on the allow-list gets a polite refusal, nothing else.

    Nothing of what they sent is relayed to Rasa, remembered (not even the update id) or logged; the refusal
    still gives 999 and the NSPCC Helpline, since anyone writing to a safeguarding bot may have a child in
    danger in front of them.
    """
    allowed = context.services.allowed_users
    if allowed is None:
        return
    user = update.effective_user
    if user is not None and allowed.allows(user.id):
        return
    logger.info("update %s: sender not on the allow-list; refused, nothing relayed", update.update_id)
    if update.callback_query is not None:
        await _answer(update)
    chat = update.effective_chat
    if user is not None and chat is not None and chat.type == Chat.PRIVATE:
        await say(context, chat.id, texts.NOT_ALLOWED.format(user_id=user.id))
    raise ApplicationHandlerStop


# ---- repeats -------------------------------------------------------------------------------------


async def drop_repeat(update: Update, context: RelayContext) -> None:
    """Runs before every other handler: an update Telegram delivered again goes no further (``repeats.py``)."""
    if context.services.recent_updates.repeated(update.update_id):
        logger.info("update %s delivered again: dropped", update.update_id)
        raise ApplicationHandlerStop


# ---- commands ------------------------------------------------------------------------------------


async def start(update: Update, context: RelayContext) -> None:
    """/start: Rasa's opening, which asks about immediate danger first."""
    await relay(update.effective_chat, context, "hello")


async def help_command(update: Update, context: RelayContext) -> None:
    """/help: Rasa's own help."""
    await relay(update.effective_chat, context, "help")


async def practice(update: Update, context: RelayContext) -> None:
    """/practice: Rasa's practice scenarios."""
    await relay(update.effective_chat, context, "practice")


async def privacy(update: Update, context: RelayContext) -> None:
    """/privacy: the fixed note on what is kept (answered here, so it works even when Rasa is down)."""
    await say(context, update.effective_chat.id, texts.PRIVACY)


async def reset(update: Update, context: RelayContext) -> None:
    """/reset: ask before starting again, since a stray tap must not throw a conversation away."""
    chat = update.effective_chat
    choices = [Choice(texts.RESET_YES, RESET_CONFIRMED, local=True),
               Choice(texts.RESET_NO, RESET_CANCELLED, local=True)]
    tokens = context.services.buttons.offer(context.services.conversation(chat), choices)
    await send_html(context, chat.id, plain(texts.RESET_QUESTION), keyboard(choices, tokens))


# ---- messages and buttons ------------------------------------------------------------------------


async def typed(update: Update, context: RelayContext) -> None:
    """Typed text: relayed to Rasa, never as an intent shortcut."""
    text = typed_text(update.effective_message.text or "")
    if not text:
        await say(context, update.effective_chat.id, texts.EMPTY)
        return
    await relay(update.effective_chat, context, text)


async def pressed(update: Update, context: RelayContext) -> None:
    """A button press: answer it, replace the keyboard with the answer given, relay the payload."""
    query = update.callback_query
    chat = update.effective_chat
    if query.data == CHOSEN:
        await _answer(update, texts.ALREADY_CHOSEN)
        return
    if chat is None or chat.type != Chat.PRIVATE:
        await _answer(update)
        return
    choice = context.services.buttons.take(context.services.conversation(chat), query.data or "")
    await _answer(update)
    if choice is None:
        await _replace_keyboard(update, None)
        await say(context, chat.id, texts.BUTTON_EXPIRED)
        return
    await _replace_keyboard(update, InlineKeyboardMarkup(
        [[InlineKeyboardButton("✓ " + choice.title, callback_data=CHOSEN)]]))
    if not choice.local:
        await relay(chat, context, choice.payload)  # the bot offered it, so it may be a "/intent" shortcut
    elif choice.payload == RESET_CONFIRMED:
        await relay(chat, context, "start again")
    else:
        await say(context, chat.id, texts.RESET_KEPT)


async def _answer(update: Update, text: Optional[str] = None) -> None:
    """answerCallbackQuery only stops the button's spinner: its failure must not lose the practitioner's choice."""
    try:
        await update.callback_query.answer(text)
    except TelegramError as error:
        logger.info("update %s: button press not answered (%s)", update.update_id, type(error).__name__)


async def _replace_keyboard(update: Update, markup: Optional[InlineKeyboardMarkup]) -> None:
    """editMessageReplyMarkup on the pressed message; a failure (message too old) must not stop the relay."""
    try:
        await update.callback_query.edit_message_reply_markup(reply_markup=markup)
    except TelegramError as error:
        logger.info("update %s: keyboard not edited (%s)", update.update_id, type(error).__name__)


async def not_text(update: Update, context: RelayContext) -> None:
    """Photos, stickers, voice notes, files: a polite note; nothing is downloaded or relayed."""
    await say(context, update.effective_chat.id, texts.NOT_TEXT)


async def edited(update: Update, context: RelayContext) -> None:
    """An edited message: ask for a new one (Rasa has already answered the original)."""
    await say(context, update.effective_chat.id, texts.EDITED)


async def not_private(update: Update, context: RelayContext) -> None:
    """Groups and channels: ask for a private chat; nothing is relayed to Rasa."""
    await say(context, update.effective_chat.id, texts.PRIVATE_ONLY)


# ---- errors --------------------------------------------------------------------------------------


async def on_error(update: object, context: RelayContext) -> None:
    """Log a failure by ids only, and send a private chat the safe message so no turn ends in silence."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    update_id = update.update_id if isinstance(update, Update) else None
    conversation = context.services.conversation(chat) if chat is not None else None
    # the frames show where it failed; the exception's message is left out, as it can quote user data
    frames = "".join(traceback.format_tb(error.__traceback__)) if error is not None else ""
    logger.error("update %s, conversation %s failed: %s\n%s", update_id, conversation,
                 type(error).__name__, frames.rstrip())
    if chat is not None and chat.type == Chat.PRIVATE:
        with suppress(TelegramError):
            await say(context, chat.id, texts.SAFE_MESSAGE)
