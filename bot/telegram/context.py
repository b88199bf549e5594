"""The handlers' typed context: the process's dependencies, reachable as ``context.services``.

Following python-telegram-bot's ``contexttypesbot`` example, a ``CallbackContext`` subclass gives every
handler typed access to what it needs (the Rasa client, the offered buttons, the id key, the update ids
already handled, the allow-list) instead of module globals, so a test can build an application against a
stand-in Bot API and a fake Rasa server.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from telegram import Chat
from telegram.ext import Application, CallbackContext, ExtBot

from .allow_list import AllowedUsers
from .buttons import OfferedButtons
from .identity import conversation_id
from .rasa_client import RasaClient
from .repeats import RecentUpdates

SERVICES = "services"


@dataclass
class Services:
    """The dependencies of the handlers, built once by ``build_application``."""

    rasa: RasaClient
    id_key: bytes
    buttons: OfferedButtons = field(default_factory=OfferedButtons)
    recent_updates: RecentUpdates = field(default_factory=RecentUpdates)
    allowed_users: Optional[AllowedUsers] = None  # None: anyone may talk to the bot (local deployments)

    def conversation(self, chat: Optional[Chat]) -> Optional[str]:
        """The hashed conversation id of a chat (the only id this process ever logs or sends on)."""
        return None if chat is None else conversation_id(chat.id, self.id_key)


class RelayContext(CallbackContext[ExtBot, dict, dict, dict]):
    """CallbackContext with ``services``."""

    def __init__(self, application: Application, chat_id: Optional[int] = None,
                 user_id: Optional[int] = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        """The process's dependencies (set by ``build_application``)."""
        return self.bot_data[SERVICES]
