"""The fixed wording the Telegram front end sends on its own, kept in one place so it can be reviewed.

Everything else the practitioner reads comes from Rasa. The national numbers here (999, NSPCC Helpline
0808 800 5000) are the ones ``shared/guideline/NOTES.md`` allows; no local number is ever written here.
All strings are plain text: ``formatting.plain`` escapes them for HTML before sending.
"""
from __future__ import annotations

# Sent when Rasa could not be reached or showed nothing: this process cannot know whether the message was kept
# (Rasa's own fallback, relayed when Rasa answers, says exactly what became of it).
SAFE_MESSAGE = (
    "Something went wrong on my side; I can't tell whether your last message was kept. Please make your own note "
    "of it and send it again in a minute. If the child is in immediate danger, call 999 now. "
    "NSPCC Helpline: 0808 800 5000."
)

PRIVACY = (
    "Privacy\n"
    "• What you type here is kept with your conversation so that your safeguarding lead can review it.\n"
    "• Names are not needed: please do not type the child's name, address, school or anything else that "
    "identifies them or their family.\n"
    "• This bot does not keep your Telegram name, username or account number: your conversation is "
    "filed under a one-way code made from it.\n"
    "• Photos, voice notes and files are not read or kept."
)

# to someone not on the allow-list: no word about lists or settings, and the national routes all the same
NOT_ALLOWED = (
    "Sorry, this assistant is only for the practitioners of the organisation that runs it. "
    "If a child is in immediate danger, call 999 now. If you are worried about a child, the NSPCC Helpline "
    "is 0808 800 5000.\n"
    "If you should have access, give your administrator this number: {user_id}."
)

NOT_TEXT = (
    "I can only read text messages. Please type what you saw or heard, and leave out names. "
    "Photos, voice notes, stickers and files are not read or kept."
)

EDITED = (
    "I can only read new messages, not edits. Please send the correction as a new message."
)

PRIVATE_ONLY = (
    "Please message me privately: I only talk about a worry about a child in a one-to-one chat, "
    "never in a group or channel."
)

EMPTY = "Please type a message."

BUTTON_EXPIRED = "That button has expired, please type your answer."

ALREADY_CHOSEN = "You have already answered this."

RESET_QUESTION = (
    "Start again from the beginning? What you have told me so far stays recorded for your safeguarding lead."
)
RESET_YES = "Yes"
RESET_NO = "No"
RESET_KEPT = "OK, we carry on where we were."

NO_TEXT_WITH_BUTTONS = "Please choose:"

# (command, description) for the menu Telegram shows beside the message box
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "start a conversation"),
    ("help", "what I can do"),
    ("reset", "start again from the beginning"),
    ("privacy", "what is kept"),
    ("practice", "practise with a scenario"),
)
