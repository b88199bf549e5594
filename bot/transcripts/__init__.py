"""Where conversations are kept: a redacting SQL tracker store, a record per conversation, retention.

* ``store.RedactingSQLTrackerStore`` is Rasa's ``SQLTrackerStore`` with personal details taken out of every
  event before it is written, and one row per conversation kept up to date beside Rasa's ``events``
  (configured in ``endpoints.yml``; ``BOT_DATABASE_URL`` switches it from SQLite to PostgreSQL).
* ``pending.PendingWrites`` keeps the turns a failed save could not write in files on this server (0600, by
  event identity, bounded) until the database takes them.
* ``records`` defines that row (``conversation_records``, with ``conversation_findings`` for filtering) and
  the listing a lead or the review app runs.
* ``retention.purge`` deletes conversations whose last event is older than the retention period
  (``python -m bot transcripts purge``).
* ``log_filter.RedactingFilter`` redacts log records, so Rasa's debug logs do not keep what was typed.

docs/transcripts.md says what is stored and why.
"""
