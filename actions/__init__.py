"""Rasa custom actions: thin translations between Rasa's tracker and the plain-Python core in ``bot``."""
