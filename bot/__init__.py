"""Safeguarding assistant core: NICE NG76 knowledge, observation mapping, referral contacts.

Everything here is plain Python, importable and testable without a running Rasa server,
a Telegram token or a database. Rasa actions and channels are thin edges over it.
"""
