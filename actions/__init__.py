"""Rasa custom actions: thin translations between Rasa's tracker and the plain-Python core in ``bot``.

**What an action can read: the event window.** The Rasa server sends each action call the events of the
current turn only, not the whole conversation (``bot/rasa_runtime/action_calls.py``: at turn 400 the whole
conversation is thousands of events to serialise, send and parse for every action). So, in an action:

* ``tracker.slots``, ``tracker.latest_message`` (the practitioner's latest message, with its intent, entities
  and the mapper's ``observations``), ``tracker.active_loop``, ``tracker.latest_action_name`` and
  ``tracker.sender_id`` are complete, as Rasa keeps them;
* ``tracker.events`` holds only the events from the practitioner's latest message on (at most
  ``ACTION_EVENTS``, 120, the last ones when a turn has more; before the first message, the first events of
  the conversation). rasa_sdk's ``slots_to_validate`` reads just that, so forms work as usual;
* nothing from an earlier turn is in ``tracker.events``: not an earlier intent, not an earlier bot message,
  not a slot's earlier value. ``tracker.get_last_event_for``, ``tracker.events_after_latest_restart`` or a
  loop over the events find only this turn. What an action needs to remember from turn to turn goes in a
  slot (the concern, for example, is one ``any`` slot: ``bot.conversation.concern``).

``tests/rasa_runtime/test_action_calls.py`` runs real actions on a long conversation with the window and
with every event, and checks that they answer the same; a new action that reads further back would answer
differently there.
"""
