"""The review web app: safeguarding leads read and annotate transcripts, trainers see practice results,
administrators manage accounts and read the audit log (docs/review.md).

* ``settings``   what the environment configures (databases, organisation, session lengths, cookies);
* ``tables``     the app's own tables, in their own ``MetaData``: accounts, sessions, review status, notes and
                 the audit log (notes and audit rows are append-only, enforced by database triggers);
* ``passwords``  scrypt password hashes;
* ``accounts``   accounts, logins with per-account backoff, server-side sessions with idle and absolute expiry;
* ``audit``      who viewed, annotated or exported which conversation;
* ``conversations`` the lead's list and the transcript, read from ``bot.transcripts`` and Rasa's ``events``
                 (read, never written), review status and notes (redacted before they are stored);
* ``concern_record`` the concern record of one conversation, as Markdown and as PDF;
* ``app``        the Sanic application (server-rendered Jinja2 pages, no JavaScript);
* ``cli``        ``python -m bot review create-admin | create-account | serve``.
"""
