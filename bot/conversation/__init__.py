"""The conversation's plain-Python core: what the practitioner has told the assistant so far, what to ask
next, and what to read back; the Rasa actions in ``actions/`` only translate between this and the tracker."""
