"""A case's sizes and the CHAOS_* variables that change them."""

from __future__ import annotations

import pytest

from chaos.sizes import Sizes


class TestOverridden:
    def test_keeps_the_defaults_without_variables(self) -> None:
        assert Sizes(incidents=10).overridden({}) == Sizes(incidents=10)

    def test_applies_each_variable_with_its_type(self) -> None:
        environ = {"CHAOS_INCIDENTS": "5000", "CHAOS_KILL_EVERY_SECONDS": "1.5", "CHAOS_KILLS": "2"}

        sizes = Sizes().overridden(environ)

        assert (sizes.incidents, sizes.kill_every, sizes.kills) == (5000, 1.5, 2)

    def test_refuses_a_size_that_is_not_positive(self) -> None:
        with pytest.raises(ValueError, match="CHAOS_CONCURRENCY"):
            Sizes().overridden({"CHAOS_CONCURRENCY": "0"})
