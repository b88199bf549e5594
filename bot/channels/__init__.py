"""Channels: how practitioners' messages reach Rasa, and what they get back when something breaks."""
