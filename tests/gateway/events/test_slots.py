"""How many streams a credential and a replica hold open."""

from __future__ import annotations

from gateway.events.slots import StreamSlots


class TestStreamSlots:
    def test_a_credential_holds_up_to_its_limit(self) -> None:
        slots = StreamSlots(per_credential=2, total=10)
        assert slots.take("a")
        assert slots.take("a")
        assert not slots.take("a")
        assert slots.take("b")

    def test_a_slot_given_back_is_free_again(self) -> None:
        slots = StreamSlots(per_credential=1, total=10)
        assert slots.take("a")
        slots.give_back("a")
        assert slots.take("a")
        assert slots.count == 1

    def test_the_replica_holds_up_to_its_total(self) -> None:
        slots = StreamSlots(per_credential=5, total=2)
        assert slots.take("a")
        assert slots.take("b")
        assert not slots.take("c")

    def test_giving_back_what_was_not_taken_changes_nothing(self) -> None:
        slots = StreamSlots(per_credential=1, total=1)
        slots.give_back("a")
        assert slots.count == 0
        assert slots.take("a")
