"""The ``stack`` fixture (real action server and Rasa server) lives in tests/conftest.py, shared with
tests/telegram, so that a run starts the servers once."""
