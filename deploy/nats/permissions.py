"""What each NATS user may publish and subscribe to, derived from what it produces and consumes.

Four kinds of user:

- a **service** publishes its own events (``pdp.<producer>.>``) and dead letters of its own
  consumers, keeps its stream and the shared dead-letter and advisory streams, and creates, reads
  and acknowledges its own durable consumers, and no others;
- the **gateway** reads every producer's stream: it creates consumers of its own (any name but a
  service's durable) and subscribes to the event subjects, and publishes nothing;
- the **operator** (the ``pdp`` command of whoever runs the platform) reads every stream and
  manages consumers (tail, replay, re-drive), and publishes no event;
- a **tool** reads only the subjects it is granted: it may create consumers of the names it is
  given, with one filter subject inside its grant (NATS >= 2.10 puts that filter in the request
  subject, ``$JS.API.CONSUMER.CREATE.<stream>.<consumer>.<filter>``, and checks that it is the
  consumer's filter), fetch from and acknowledge those consumers, and subscribe to its subjects.

Every user receives replies on an inbox of its own, ``_INBOX.<user>.>`` (see
``pdp_common.nats_credentials``), and may not subscribe to anyone else's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pdp_common.events.streams import ADVISORY_STREAM, DEAD_LETTER_PREFIX, StreamSpec
from pdp_common.nats_credentials import inbox_prefix_for

from deploy.nats.subjects import check_pattern, contains, overlaps

PLATFORM_SUBJECTS = "pdp.>"
API = "$JS.API"
ACK = "$JS.ACK"
FLOW_CONTROL = "$JS.FC"


@dataclass(frozen=True, slots=True)
class Permissions:
    """Subjects a user may publish to (``publish`` less ``publish_deny``) and subscribe to."""

    publish: tuple[str, ...]
    subscribe: tuple[str, ...]
    publish_deny: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class User:
    """A NATS user and its permissions; ``kind`` is service, gateway or tool."""

    name: str
    kind: str
    permissions: Permissions


@dataclass(frozen=True, slots=True)
class Consumed:
    """A durable consumer a service keeps on a stream."""

    stream: str
    durable: str


@dataclass(frozen=True, slots=True)
class ServiceEvents:
    """What one service does on NATS: the stream it produces to, the consumers it keeps."""

    name: str
    produces: StreamSpec | None
    consumes: tuple[Consumed, ...]

    @property
    def advisory_durable(self) -> str:
        """Return the durable that watches the advisories of this service's consumers."""
        return f"{self.name.replace('-', '_')}_advisories"


@dataclass(frozen=True, slots=True)
class ToolGrant:
    """A read-only tool: the subjects it may read and the names its consumers may take."""

    name: str
    subjects: tuple[str, ...]
    consumers: tuple[str, ...] = ()

    @property
    def consumer_names(self) -> tuple[str, ...]:
        """Return the consumer names the tool may use: as given, else the tool's name."""
        return self.consumers or (self.name.replace("-", "_"),)


def _unique(subjects: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(subjects))


def _inbox(user: str) -> str:
    return f"{inbox_prefix_for(user)}.>"


def _consumer_api(stream: str, consumer: str) -> list[str]:
    """Return the subjects that create, inspect, fetch from and acknowledge one consumer."""
    return [
        f"{API}.CONSUMER.DURABLE.CREATE.{stream}.{consumer}",
        f"{API}.CONSUMER.CREATE.{stream}.{consumer}",
        f"{API}.CONSUMER.CREATE.{stream}.{consumer}.>",
        f"{API}.CONSUMER.INFO.{stream}.{consumer}",
        f"{API}.CONSUMER.MSG.NEXT.{stream}.{consumer}",
        f"{ACK}.{stream}.{consumer}.>",
    ]


def _stream_keeper(stream: str) -> list[str]:
    return [f"{API}.STREAM.{action}.{stream}" for action in ("INFO", "CREATE", "UPDATE")]


def service_permissions(service: ServiceEvents, shared: Sequence[StreamSpec]) -> Permissions:
    """Return what ``service`` needs: publish its events, keep its streams, run its consumers.

    ``shared`` are the streams every service keeps (dead letters and advisories)."""
    publish: list[str] = []
    if service.produces is not None:
        publish += service.produces.subjects
        publish += _stream_keeper(service.produces.name)
    for stream in shared:
        publish += _stream_keeper(stream.name)
    for consumed in service.consumes:
        publish += [
            f"{API}.STREAM.INFO.{consumed.stream}",
            # a consumer creates the producer's stream when it starts first (events.consumer)
            f"{API}.STREAM.CREATE.{consumed.stream}",
            # the advisory watcher reads the message a consumer gave up on (events.advisories)
            f"{API}.STREAM.MSG.GET.{consumed.stream}",
            *_consumer_api(consumed.stream, consumed.durable),
            f"{DEAD_LETTER_PREFIX}.{consumed.durable}",
        ]
    if service.consumes:
        publish += _consumer_api(_advisory_stream(shared), service.advisory_durable)
    return Permissions(publish=_unique(publish), subscribe=(_inbox(service.name),))


def _advisory_stream(shared: Sequence[StreamSpec]) -> str:
    for stream in shared:
        if any(subject.startswith("$JS.EVENT.ADVISORY.") for subject in stream.subjects):
            return stream.name
    raise ValueError("no stream captures the consumer advisories")


def reserved_consumers(services: Sequence[ServiceEvents]) -> dict[str, set[str]]:
    """Return the durable names the services use, by stream: no other user may take them."""
    reserved: dict[str, set[str]] = {}
    for service in services:
        for consumed in service.consumes:
            reserved.setdefault(consumed.stream, set()).add(consumed.durable)
        if service.consumes:
            reserved.setdefault(ADVISORY_STREAM, set()).add(service.advisory_durable)
    return reserved


def gateway_permissions(
    user: str,
    producers: Sequence[StreamSpec],
    services: Sequence[ServiceEvents],
    *,
    own: ServiceEvents | None = None,
    shared: Sequence[StreamSpec] = (),
    kept: Sequence[StreamSpec] = (),
) -> Permissions:
    """Return what the gateway needs to read every producer's stream with consumers of its own.

    ``own`` are the gateway's durable consumers (the copy of sharing terms, the webhook fan-out),
    run as a service runs its own, with dead letters and advisories in ``shared``; ``kept`` are
    the streams the gateway keeps itself (``PDP_EVENTS``, which sources every producer), which it
    also reads with consumers of its own."""
    reserved = reserved_consumers(services)
    publish: list[str] = [f"{API}.STREAM.NAMES"]
    deny: list[str] = []
    subscribe: list[str] = []
    if own is not None and own.consumes:
        publish += service_permissions(own, shared).publish
    for stream in kept:
        publish += _stream_keeper(stream.name)
    for stream in (*producers, *kept):
        name = stream.name
        publish += [
            f"{API}.STREAM.INFO.{name}",
            f"{API}.STREAM.MSG.GET.{name}",
            f"{API}.DIRECT.GET.{name}",
            f"{API}.DIRECT.GET.{name}.>",
            f"{API}.CONSUMER.CREATE.{name}",
            *_consumer_api(name, "*"),
            f"{API}.CONSUMER.DELETE.{name}.*",
            # push consumers (ordered consumers too) answer the server's flow control
            f"{FLOW_CONTROL}.{name}.>",
        ]
        for durable in sorted(reserved.get(name, ())):
            deny += [*_consumer_api(name, durable), f"{API}.CONSUMER.DELETE.{name}.{durable}"]
        subscribe += stream.subjects
    return Permissions(
        publish=_unique(publish),
        subscribe=_unique([*subscribe, _inbox(user)]),
        publish_deny=_unique(deny),
    )


def operator_permissions(user: str, streams: Sequence[StreamSpec]) -> Permissions:
    """Return what an operator's ``pdp`` needs: read every stream, manage consumers (tail with
    ephemeral consumers, replay, inspect or delete a stuck one), and publish no event."""
    publish = [f"{API}.INFO", f"{API}.STREAM.NAMES", f"{API}.STREAM.LIST"]
    for stream in streams:
        name = stream.name
        publish += [
            f"{API}.STREAM.INFO.{name}",
            f"{API}.STREAM.MSG.GET.{name}",
            f"{API}.DIRECT.GET.{name}",
            f"{API}.DIRECT.GET.{name}.>",
            f"{API}.CONSUMER.CREATE.{name}",
            f"{API}.CONSUMER.CREATE.{name}.>",
            f"{API}.CONSUMER.DURABLE.CREATE.{name}.*",
            f"{API}.CONSUMER.INFO.{name}.*",
            f"{API}.CONSUMER.NAMES.{name}",
            f"{API}.CONSUMER.LIST.{name}",
            f"{API}.CONSUMER.MSG.NEXT.{name}.*",
            f"{API}.CONSUMER.DELETE.{name}.*",
            f"{ACK}.{name}.>",
            f"{FLOW_CONTROL}.{name}.>",
        ]
    return Permissions(publish=_unique(publish), subscribe=(_inbox(user),))


def tool_permissions(
    grant: ToolGrant, streams: Sequence[StreamSpec], services: Sequence[ServiceEvents] = ()
) -> Permissions:
    """Return what a read-only tool needs to read the subjects of ``grant``, and nothing more.

    Raises ValueError for a subject that is not valid, reaches beyond the platform's events or that
    no stream holds, or a consumer name a service already uses."""
    reserved = reserved_consumers(services)
    publish: list[str] = []
    for subject in grant.subjects:
        check_pattern(subject)
        if not _within_platform(subject, streams):
            raise ValueError(f"{grant.name}: {subject!r} reaches beyond the platform's events")
        holders = [s for s in streams if any(overlaps(subject, held) for held in s.subjects)]
        if not holders:
            raise ValueError(f"{grant.name}: no stream holds {subject!r}")
        for stream in holders:
            for consumer in grant.consumer_names:
                if consumer in reserved.get(stream.name, ()):
                    raise ValueError(f"{grant.name}: consumer {consumer!r} belongs to a service")
                publish += [
                    f"{API}.CONSUMER.CREATE.{stream.name}.{consumer}.{subject}",
                    f"{API}.CONSUMER.INFO.{stream.name}.{consumer}",
                    f"{API}.CONSUMER.MSG.NEXT.{stream.name}.{consumer}",
                    f"{API}.CONSUMER.DELETE.{stream.name}.{consumer}",
                    f"{ACK}.{stream.name}.{consumer}.>",
                    f"{FLOW_CONTROL}.{stream.name}.{consumer}.>",
                ]
    subscribe = [*_narrowest(grant.subjects), _inbox(grant.name)]
    return Permissions(publish=_unique(publish), subscribe=_unique(subscribe))


def _within_platform(subject: str, streams: Sequence[StreamSpec]) -> bool:
    """Tell whether every subject ``subject`` matches is an event subject of the platform (so that
    no grant reaches inboxes, the JetStream API or the system account)."""
    if contains(PLATFORM_SUBJECTS, subject):
        return True
    return any(contains(held, subject) for stream in streams for held in stream.subjects)


def _narrowest(subjects: Sequence[str]) -> list[str]:
    """Return ``subjects`` without those another one already contains."""
    return [
        s
        for i, s in enumerate(subjects)
        if not any(contains(o, s) and (o != s or j < i) for j, o in enumerate(subjects) if j != i)
    ]
