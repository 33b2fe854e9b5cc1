"""The Examples sections of the scorecard's docstrings run and are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["spacedesign.score.inputs", "spacedesign.score.layout", "spacedesign.score.walking",
           "spacedesign.score.criterion", "spacedesign.score.scorecard",
           "spacedesign.score.ranking"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
