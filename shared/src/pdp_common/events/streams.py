"""JetStream streams: one per producing service, plus dead letters and consumer advisories, and
the aggregate of every producer's events (``PDP_EVENTS``) that gives them one order."""

from __future__ import annotations

from dataclasses import dataclass, field

import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig, StreamSource

from pdp_common.settings import ServiceSettings

ADVISORY_STREAM = "PDP_ADVISORIES"
ADVISORY_SUBJECTS = (
    "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
    "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>",
)
DEAD_LETTER_STREAM = "PDP_DEAD_LETTERS"
DEAD_LETTER_PREFIX = "pdp.deadletter"
DAY = 86_400.0
EVENTS_STREAM = "PDP_EVENTS"
PRODUCERS = ("incidents", "organizations", "country-teams", "briefings")
"""The services that publish events, each to its own stream."""
EVENTS_MAX_AGE = 7 * DAY
EVENTS_MAX_BYTES = 2 * 1_073_741_824


def stream_name(producer: str) -> str:
    """Return the name of the stream a producing service publishes to (``PDP_<PRODUCER>``).

    Each contract module names its producer's stream with it (``incident_events.STREAM``), so that
    producers, consumers and the AsyncAPI document share one definition.
    """
    return "PDP_" + producer.replace("-", "_").upper()


@dataclass(frozen=True)
class StreamSpec:
    """How one stream is configured."""

    name: str
    subjects: tuple[str, ...]
    duplicate_window: float = 3600.0
    max_bytes: int = 1_073_741_824
    max_age: float = 0.0
    replicas: int = 1
    discard: DiscardPolicy = DiscardPolicy.NEW
    description: str = ""
    extra_subjects: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())

    @classmethod
    def for_producer(
        cls,
        producer: str,
        *,
        duplicate_window: float = 3600.0,
        max_bytes: int = 1_073_741_824,
        replicas: int = 1,
    ) -> StreamSpec:
        """Return the stream of a producing service: file storage, discard new when full."""
        slug = producer.replace("-", "_")
        return cls(
            name=stream_name(producer),
            subjects=(f"pdp.{slug}.>",),
            duplicate_window=duplicate_window,
            max_bytes=max_bytes,
            replicas=replicas,
            description=f"Events produced by the {producer} service",
        )

    @classmethod
    def for_service(cls, settings: ServiceSettings) -> StreamSpec:
        """Return the stream of the service configured by ``settings``."""
        return cls.for_producer(
            settings.service_name,
            duplicate_window=settings.stream_duplicate_window_seconds,
            max_bytes=settings.stream_max_bytes,
            replicas=settings.stream_replicas,
        )

    def config(self) -> StreamConfig:
        """Return the JetStream configuration of this stream."""
        subjects = list(self.subjects + self.extra_subjects)
        return StreamConfig(
            name=self.name,
            description=self.description or None,
            subjects=subjects or None,
            sources=[StreamSource(name=name) for name in self.sources] or None,
            retention=RetentionPolicy.LIMITS,
            storage=StorageType.FILE,
            discard=self.discard,
            max_bytes=self.max_bytes,
            max_age=self.max_age,
            num_replicas=self.replicas,
            duplicate_window=self.duplicate_window,
            allow_direct=True,
        )


def advisory_stream(replicas: int = 1) -> StreamSpec:
    """Return the stream capturing max-deliveries and terminated advisories of every consumer."""
    return StreamSpec(
        name=ADVISORY_STREAM,
        subjects=ADVISORY_SUBJECTS,
        duplicate_window=120.0,
        max_age=30 * DAY,
        max_bytes=256 * 1024 * 1024,
        replicas=replicas,
        discard=DiscardPolicy.OLD,
        description="Consumer advisories: messages that hit max deliveries or were terminated",
    )


def dead_letter_stream(replicas: int = 1) -> StreamSpec:
    """Return the stream that keeps a copy of every dead-lettered message."""
    return StreamSpec(
        name=DEAD_LETTER_STREAM,
        subjects=(f"{DEAD_LETTER_PREFIX}.>",),
        duplicate_window=3600.0,
        max_age=90 * DAY,
        max_bytes=512 * 1024 * 1024,
        replicas=replicas,
        description="Messages that consumers could not apply, with the reason",
    )


def events_stream(
    replicas: int = 1, *, max_age: float = EVENTS_MAX_AGE, max_bytes: int = EVENTS_MAX_BYTES
) -> StreamSpec:
    """Return the stream that sources every producer's stream into one order (``PDP_EVENTS``).

    Subjects are kept as the producers published them; the stream's sequence is the one position
    a reader outside NATS resumes from (the gateway's server-sent events). It keeps ``max_age``
    seconds of events (a week by default) and at most ``max_bytes``, dropping the oldest first: a
    reader that comes back later than that has lost its place and starts again.
    """
    return StreamSpec(
        name=EVENTS_STREAM,
        subjects=(),
        sources=tuple(stream_name(producer) for producer in PRODUCERS),
        duplicate_window=120.0,
        max_age=max_age,
        max_bytes=max_bytes,
        replicas=replicas,
        discard=DiscardPolicy.OLD,
        description="Every producer's events in one order, for readers outside NATS",
    )


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> None:
    """Create the stream, or bring an existing one to ``spec``.

    The sources of an existing stream keep where they started, so that an update never copies a
    producer's stream again; a stream created meanwhile by another process is updated instead.
    """
    config = spec.config()
    try:
        info = await js.stream_info(spec.name)
    except nats.js.errors.NotFoundError:
        try:
            await js.add_stream(config)
            return
        except nats.js.errors.BadRequestError:
            info = await js.stream_info(spec.name)
    if config.sources and info.config.sources:
        existing = {source.name: source for source in info.config.sources}
        config.sources = [existing.get(source.name, source) for source in config.sources]
    await js.update_stream(config)
