"""Personal details out of a practitioner's words before anything stores them (``docs/redaction.md``).

``redact(text)`` replaces names, phone numbers, addresses, postcodes, emails, dates of birth, NHS numbers and
other identifiers with typed placeholders ("[NAME]", "[PHONE]"...). The parts:

* ``engine``: ``redact`` itself: the text folded to plain characters (``normalise``), the shaped details
  found (``patterns``, with ``identifiers`` for NI numbers, UPNs, number plates and social media), the names
  found with spaCy and the project's name lists, and the placeholders put in;
* ``cli``: ``python -m bot redaction score`` measures it on the written test sets (``tests/redaction``),
  ``python -m bot redaction text`` redacts at the terminal;
* ``presidio``: Microsoft Presidio as a second redactor, only to measure beside ours.

Who calls it: the safe path every channel takes (``bot.channels.safe_path``), the conversation store again on
every event (``bot.transcripts.event_redaction``), the log filter (``bot.transcripts.log_filter``), the concern
and the summary (``bot.conversation``), and the review app's notes. Importing this package loads no model.
"""
from bot.redaction.engine import Redacted, already_redacted, redact, remember_redacted

__all__ = ["Redacted", "already_redacted", "redact", "remember_redacted"]
