"""How a process proves who it is to NATS, and how it checks the server: user, password and TLS.

Each service has a NATS user of its own whose permissions allow what the service does and no more
(``deploy/nats/permissions.py`` derives them from the event contracts). A user's replies come to
an inbox of its own, ``_INBOX.<user>.>``, so that no other user can read them: its permissions
allow subscribing there and not on the shared ``_INBOX.>``.

Without a user and without TLS files nothing changes: the client connects as before.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_INBOX_PREFIX = "_INBOX"


def inbox_prefix_for(user: str) -> str:
    """Return the inbox prefix of ``user``: its replies arrive on ``_INBOX.<user>.>``."""
    return f"{DEFAULT_INBOX_PREFIX}.{user}"


@dataclass(frozen=True, slots=True)
class NatsCredentials:
    """What the NATS client presents and trusts; every field is optional.

    ``ca_file`` makes the client verify the server's certificate against that CA (and use TLS);
    ``cert_file`` and ``key_file`` add a client certificate for servers that require one.
    ``inbox_prefix`` defaults to ``_INBOX.<user>`` when a user is given."""

    user: str | None = None
    password: str | None = None
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    tls_hostname: str | None = None
    inbox_prefix: str | None = None

    def __post_init__(self) -> None:
        if (self.password is not None) and not self.user:
            raise ValueError("a NATS password needs a NATS user")
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("a NATS client certificate needs its key, and a key its certificate")

    def __repr__(self) -> str:
        secret = "'**********'" if self.password else "None"
        return f"NatsCredentials(user={self.user!r}, password={secret}, ca_file={self.ca_file!r})"

    @property
    def uses_tls(self) -> bool:
        """Tell whether the client connects with TLS it configured itself."""
        return self.ca_file is not None or self.cert_file is not None

    def tls_context(self) -> ssl.SSLContext | None:
        """Return the TLS context (server verified, optional client certificate), if any."""
        if not self.uses_tls:
            return None
        context = ssl.create_default_context(
            ssl.Purpose.SERVER_AUTH, cafile=str(self.ca_file) if self.ca_file else None
        )
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.cert_file is not None and self.key_file is not None:
            context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context

    def effective_inbox_prefix(self) -> str:
        """Return the inbox prefix the client uses: as given, else ``_INBOX.<user>``."""
        if self.inbox_prefix:
            return self.inbox_prefix
        return inbox_prefix_for(self.user) if self.user else DEFAULT_INBOX_PREFIX

    def connect_options(self) -> dict[str, Any]:
        """Return the keyword arguments of ``nats.connect`` for these credentials."""
        options: dict[str, Any] = {"inbox_prefix": self.effective_inbox_prefix()}
        if self.user:
            options["user"] = self.user
            options["password"] = self.password or ""
        context = self.tls_context()
        if context is not None:
            options["tls"] = context
            if self.tls_hostname:
                options["tls_hostname"] = self.tls_hostname
        return options
