"""The Microsoft Teams channel, inside the Rasa server (``docs/teams.md``).

``channel`` (``TeamsInput``, named in credentials.yml as ``bot.channels.teams.channel.TeamsInput``) takes each
Bot Framework activity through ``auth`` (is it really from the Bot Connector, for this bot and an allowed
tenant), ``activity`` (what the practitioner typed or pressed), ``identity`` (a keyed hash for the conversation
id), the safe path every channel shares (``bot.channels.safe_path``), then ``adaptive_cards`` (each bot message
as one Teams message) and ``connector`` (sent with the bot's own token, through ``http_client``). ``settings``
reads and checks the configuration all at once. The leads' alert service reuses ``connector`` and ``settings``.
"""
