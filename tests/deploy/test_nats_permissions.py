"""The permissions derived for each kind of NATS user, and the subject patterns they rest on."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from pdp_common.events.streams import StreamSpec, advisory_stream, dead_letter_stream

from deploy.nats import platform_events
from deploy.nats.permissions import (
    Consumed,
    ServiceEvents,
    ToolGrant,
    service_permissions,
    tool_permissions,
)
from deploy.nats.subjects import check_pattern, contains, overlaps
from deploy.nats.users import platform_users

INCIDENTS = StreamSpec.for_producer("incidents")
BRIEFINGS = StreamSpec.for_producer("briefings")
SHARED = (dead_letter_stream(), advisory_stream())
STREAMS = (INCIDENTS, BRIEFINGS, *SHARED)
READER = ServiceEvents("briefings", BRIEFINGS, (Consumed(INCIDENTS.name, "briefings_incidents"),))


class TestSubjects:
    @pytest.mark.parametrize(
        ("first", "second", "expected"),
        [
            ("pdp.incidents.>", "pdp.incidents.*.*.*.KGZ.*", True),
            ("pdp.>", "pdp.briefings.x", True),
            ("pdp.incidents.>", "pdp.briefings.>", False),
            ("pdp.*.x", "pdp.incidents.y", False),
            ("a.b", "a.b.c", False),
        ],
    )
    def test_overlaps(self, first: str, second: str, expected: bool) -> None:
        assert overlaps(first, second) is expected
        assert overlaps(second, first) is expected

    @pytest.mark.parametrize(
        ("outer", "inner", "expected"),
        [
            ("pdp.incidents.>", "pdp.incidents.*.*.*.KGZ.*", True),
            ("pdp.incidents.*.*.*.KGZ.*", "pdp.incidents.>", False),
            ("pdp.incidents.*.*.*.KGZ.*", "pdp.incidents.*.*.*.*.*", False),
            ("a.*", "a.b", True),
            ("a.>", "a", False),
        ],
    )
    def test_contains(self, outer: str, inner: str, expected: bool) -> None:
        assert contains(outer, inner) is expected

    @pytest.mark.parametrize("bad", ["", "a..b", "a.>.b", "a b", "a.b*"])
    def test_bad_patterns_are_refused(self, bad: str) -> None:
        with pytest.raises(ValueError, match="not a NATS subject"):
            check_pattern(bad)


class TestServicePermissions:
    def test_publishes_its_own_events_and_reads_only_through_its_consumers(self) -> None:
        permissions = service_permissions(READER, SHARED)
        assert "pdp.briefings.>" in permissions.publish
        assert "pdp.incidents.>" not in permissions.publish
        assert "$JS.API.CONSUMER.MSG.NEXT.PDP_INCIDENTS.briefings_incidents" in permissions.publish
        assert "pdp.deadletter.briefings_incidents" in permissions.publish
        assert not any("DELETE" in subject for subject in permissions.publish)
        assert permissions.subscribe == ("_INBOX.briefings.>",)


class TestToolPermissions:
    def test_creates_consumers_only_with_its_filters(self) -> None:
        grant = ToolGrant("kgz-watch", ("pdp.incidents.*.*.*.KGZ.*",))
        permissions = tool_permissions(grant, STREAMS, (READER,))
        create = [s for s in permissions.publish if ".CONSUMER.CREATE." in s]
        assert create == [
            "$JS.API.CONSUMER.CREATE.PDP_INCIDENTS.kgz_watch.pdp.incidents.*.*.*.KGZ.*"
        ]
        assert not any(s.startswith("pdp.") for s in permissions.publish)
        assert permissions.subscribe == ("pdp.incidents.*.*.*.KGZ.*", "_INBOX.kgz-watch.>")

    def test_a_wide_grant_reaches_every_stream_that_holds_it(self) -> None:
        permissions = tool_permissions(ToolGrant("all", ("pdp.>",)), STREAMS)
        streams = {s.split(".")[4] for s in permissions.publish if ".CONSUMER.CREATE." in s}
        assert streams == {"PDP_INCIDENTS", "PDP_BRIEFINGS", "PDP_DEAD_LETTERS"}

    def test_the_advisories_may_be_granted(self) -> None:
        grant = ToolGrant("ops", ("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",))
        permissions = tool_permissions(grant, STREAMS, (READER,))
        assert permissions.subscribe[0] == "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"
        with pytest.raises(ValueError, match="belongs to a service"):
            tool_permissions(
                ToolGrant("ops", grant.subjects, ("briefings_advisories",)), STREAMS, (READER,)
            )

    def test_subjects_already_covered_are_not_repeated(self) -> None:
        grant = ToolGrant("t", ("pdp.incidents.*.*.*.KGZ.*", "pdp.incidents.>"))
        assert tool_permissions(grant, STREAMS).subscribe == ("pdp.incidents.>", "_INBOX.t.>")

    @pytest.mark.parametrize(
        ("grant", "message"),
        [
            (ToolGrant("t", ("other.subject",)), "beyond the platform"),
            (ToolGrant("t", ("_INBOX.>",)), "beyond the platform"),
            (ToolGrant("t", (">",)), "beyond the platform"),
            (ToolGrant("t", ("$JS.>",)), "beyond the platform"),
            (ToolGrant("t", ("*.incidents.>",)), "beyond the platform"),
            (ToolGrant("t", ("pdp.nothing.>",)), "no stream holds"),
            (
                ToolGrant("t", ("pdp.incidents.>",), ("briefings_incidents",)),
                "belongs to a service",
            ),
            (ToolGrant("t", ("pdp..x",)), "not a NATS subject"),
        ],
    )
    def test_what_cannot_be_granted_is_refused(self, grant: ToolGrant, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            tool_permissions(grant, STREAMS, (READER,))


class TestPlatformUsers:
    def test_one_user_per_service_the_gateway_and_the_operator(self) -> None:
        users = {user.name: user.kind for user in platform_users()}
        assert users == {
            "incidents": "service",
            "organizations": "service",
            "country-teams": "service",
            "briefings": "service",
            "gateway": "gateway",
            "operator": "operator",
        }

    def test_the_operator_publishes_no_event(self) -> None:
        [operator] = [user for user in platform_users() if user.kind == "operator"]
        assert not [s for s in operator.permissions.publish if s.startswith("pdp.")]

    def test_the_gateway_keeps_the_stream_of_every_producers_events(self) -> None:
        [gateway] = [user for user in platform_users() if user.kind == "gateway"]
        assert "$JS.API.STREAM.CREATE.PDP_EVENTS" in gateway.permissions.publish

    def test_a_tool_cannot_take_a_services_name(self) -> None:
        with pytest.raises(ValueError, match="defined twice"):
            platform_users((ToolGrant("incidents", ("pdp.incidents.>",)),))


class TestPlatformEvents:
    def test_matches_what_each_service_runs(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The services' own app factories make the consumers the permissions are derived from."""
        monkeypatch.chdir(tmp_path)
        derived = {service.name: service for service in platform_events.services()}
        for module in platform_events.SERVICE_MODULES:
            package = module.name.replace("-", "_")
            app = importlib.import_module(f"{package}.main").create_app()
            platform = app.state.platform
            consumed = {(c.sub.stream, c.sub.durable) for c in platform.consumers}
            service = derived[module.name]
            assert {(c.stream, c.durable) for c in service.consumes} == consumed, module.name
            assert service.produces is not None
            assert platform.producer.name == service.produces.name
            assert platform.producer.subjects == service.produces.subjects
