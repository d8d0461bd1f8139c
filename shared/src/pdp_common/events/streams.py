"""JetStream streams: one per producing service, plus dead letters and consumer advisories."""

from __future__ import annotations

from dataclasses import dataclass, field

import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig

from pdp_common.settings import ServiceSettings

ADVISORY_STREAM = "PDP_ADVISORIES"
ADVISORY_SUBJECTS = (
    "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
    "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>",
)
DEAD_LETTER_STREAM = "PDP_DEAD_LETTERS"
DEAD_LETTER_PREFIX = "pdp.deadletter"
DAY = 86_400.0


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
        return StreamConfig(
            name=self.name,
            description=self.description or None,
            subjects=list(self.subjects + self.extra_subjects),
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


async def ensure_stream(js: JetStreamContext, spec: StreamSpec) -> None:
    """Create the stream, or bring an existing one to ``spec``."""
    config = spec.config()
    try:
        await js.stream_info(spec.name)
    except nats.js.errors.NotFoundError:
        await js.add_stream(config)
        return
    await js.update_stream(config)
