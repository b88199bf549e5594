from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.servers import Stack, running_stack


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory) -> Iterator[Stack]:
    """The real action server and Rasa server with the trained model, shared by the end-to-end tests."""
    with running_stack(trained_model, tmp_path_factory.mktemp("stack")) as running:
        yield running
