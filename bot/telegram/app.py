"""``build_application``: the python-telegram-bot Application of the Telegram front end, and how to run it.

The shape follows python-telegram-bot's examples: one builder function, small handlers
(``handlers.py``), dependencies in a typed context (``context.py``), one central error handler. Updates are
handled one at a time (python-telegram-bot's default), which keeps each chat's replies in the order Rasa
gave them; an update Telegram delivers twice is handled once (``repeats.py``), and every Bot API call is
retried as ``delivery.py`` explains.

Which handler gets what, once the sender is known to be on the allow-list (``allow_list.py``; anyone else
gets a polite refusal with 999 and nothing is relayed):

| update | private chat | group, supergroup, channel |
| --- | --- | --- |
| /start, /help, /practice | relayed as "hello", "help", "practice" | "please message me privately" |
| /reset | Yes/No buttons; Yes relays "start again" | same |
| /privacy | the fixed privacy note | same |
| other text | relayed, leading "/" removed | same |
| button press | answered, keyboard replaced, payload relayed | answered only |
| photo, sticker, voice, file... | "I can only read text messages" | same |
| edited message | "send the correction as a new message" | same |
"""
from __future__ import annotations

from typing import Optional

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from . import handlers, log_privacy, texts
from .context import SERVICES, RelayContext, Services
from .delivery import DeliveryPolicy, PoliteDelivery
from .rasa_client import RasaClient
from .settings import Settings

# only what the handlers use: Telegram then does not send (or wake us for) anything else
ALLOWED_UPDATES: list[str] = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY,
                              Update.CHANNEL_POST, Update.EDITED_CHANNEL_POST]


def build_application(settings: Settings, services: Optional[Services] = None,
                      delivery: Optional[DeliveryPolicy] = None) -> Application:
    """The Application with every handler registered; ``services`` defaults to a Rasa client for ``settings``.

    Every Bot API call but getUpdates goes through ``PoliteDelivery`` with ``delivery`` (default: the
    policy for Telegram), which also sets the timeouts of those calls.
    """
    log_privacy.install()  # python-telegram-bot logs webhook bodies it cannot read: withhold the words
    policy = delivery or DeliveryPolicy()
    builder = (ApplicationBuilder().token(settings.token)
               .context_types(ContextTypes(context=RelayContext)).job_queue(None)
               .rate_limiter(PoliteDelivery(policy))
               .read_timeout(policy.read_timeout).connect_timeout(policy.connect_timeout)
               .post_init(_post_init).post_shutdown(_post_shutdown))
    if settings.api_url:
        builder = builder.base_url(settings.api_url).base_file_url(settings.api_file_url or settings.api_url)
    application = builder.build()
    application.bot_data[SERVICES] = services or Services(
        rasa=RasaClient(settings.rest_webhook, timeout=settings.rasa_timeout), id_key=settings.id_key,
        allowed_users=settings.allowed_users)

    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE
    command_filter = private & new_message
    application.add_handler(TypeHandler(Update, handlers.refuse_strangers), group=-2)  # first of all
    application.add_handler(TypeHandler(Update, handlers.drop_repeat), group=-1)  # before any other
    application.add_handlers([
        CommandHandler("start", handlers.start, filters=command_filter),
        CommandHandler("help", handlers.help_command, filters=command_filter),
        CommandHandler("practice", handlers.practice, filters=command_filter),
        CommandHandler("privacy", handlers.privacy, filters=command_filter),
        CommandHandler("reset", handlers.reset, filters=command_filter),
        MessageHandler(private & new_message & filters.TEXT, handlers.typed),
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, handlers.edited),
        MessageHandler(private & new_message, handlers.not_text),
        MessageHandler(~private, handlers.not_private),
        CallbackQueryHandler(handlers.pressed),
    ])
    application.add_error_handler(handlers.on_error)
    return application


async def _post_init(application: Application) -> None:
    """Show the commands in Telegram's menu; a failure here is not worth refusing to start."""
    try:
        await application.bot.set_my_commands([BotCommand(name, help_) for name, help_ in texts.COMMANDS])
    except TelegramError:
        pass


async def _post_shutdown(application: Application) -> None:
    """Close the connection pool to Rasa."""
    await application.bot_data[SERVICES].rasa.aclose()


def run(application: Application, settings: Settings, *, in_thread: bool = False) -> None:
    """Run until stopped: long polling by default, or a webhook server when ``settings.webhook_url`` is set.

    In webhook mode python-telegram-bot registers the URL with Telegram together with the secret token, and
    its server answers 403 to any request whose ``X-Telegram-Bot-Api-Secret-Token`` header is missing or
    wrong, so only Telegram can post updates; a body over 256 KB is refused with 413 (``webhook_limits``). ``in_thread`` installs no signal handlers (only the main
    thread may) and leaves the event loop open; stop it with ``application.stop_running()`` from that loop.
    """
    options: dict = {"allowed_updates": ALLOWED_UPDATES}
    if in_thread:
        options.update(stop_signals=None, close_loop=False)
    if settings.webhook:
        from . import webhook_limits  # tornado, python-telegram-bot's webhook server, is only needed here

        webhook_limits.install()  # bodies over 256 KB are refused with 413 before they are read
        application.run_webhook(listen=settings.listen, port=settings.port, url_path=settings.url_path,
                                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret, **options)
    else:
        application.run_polling(**options)
