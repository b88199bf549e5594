"""The Telegram front end: a python-telegram-bot process that relays each message to Rasa's REST channel.

Rasa's own Telegram channel (aiogram, inside the Rasa server) is not used: this process keeps Telegram's token,
webhook and button bookkeeping out of the Rasa server, and talks to Rasa over the same REST contract as the
terminal chat (``bot/chat.py``). Modules: ``settings`` (environment), ``identity`` (hashed conversation ids),
``rasa_client`` (HTTP to Rasa), ``formatting`` (Rasa reply to Telegram HTML and keyboards), ``buttons``
(offered buttons behind short callback tokens), ``texts`` (the fixed wording), ``delivery`` (the retry
policy for Bot API calls), ``repeats`` (update ids already handled), ``allow_list`` (who may talk to the
bot), ``webhook_limits`` (the webhook server's 256 KB body limit), ``handlers``, ``app``
(``build_application``) and ``cli`` (``python -m bot telegram run``). See ``docs/telegram.md``.
"""
