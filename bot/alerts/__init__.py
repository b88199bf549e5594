"""Alerts for the safeguarding lead: told within a minute when a conversation reaches danger, a route that
requires a referral, or a suspect-level feature, without opening the review app.

An alert carries no words of the conversation: the level, the features' numbers, the routes, the channel, the
time and a link to the transcript. Each conversation is alerted once per level reached. Alerts wait in an outbox
table until a sender confirms them, so an outage of the mail server or of Teams loses none.

    reached.py   what a conversation has reached, read from its (redacted) events
    outbox.py    the alerts table: queued once per conversation and level, retried with backoff
    senders.py   e-mail (SMTP, configured by the organisation) and a proactive Teams message
    feeds.py     where events come from: the conversations database (embedded) or RabbitMQ (at scale)
    service.py   the loop that feeds the outbox and sends what is due
    cli.py       ``python -m bot alerts run | send-due | status``
"""
