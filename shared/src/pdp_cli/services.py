"""The platform's services as ``pdp`` reaches them: by their own settings, app factory and seed.

The tasks that run a service's code (replay into a consumer, dead letters, demo data) build the
service the way its ``python -m <package>`` command does: its settings class reads the same
environment (``PDP_<SERVICE>_DATABASE_URL``, ``PDP_DATABASE_URL``..., by default the SQLite files
under ``var/`` of the directory ``pdp`` runs in, where ``make run`` keeps them), and the broker is
the one of ``--nats-url``. The service's package must be installed where ``pdp`` runs.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pdp_common.platform import Platform
from pdp_common.settings import ServiceSettings
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from pdp_cli.failures import EXIT_FAILED, EXIT_UNREACHABLE, CliError
from pdp_cli.target import Target


@dataclass(frozen=True)
class Service:
    """One deployable part of the platform and where its code lives (``module:attribute``)."""

    name: str
    settings: str
    app: str
    seed: str

    def load(self, reference: str) -> Any:
        """Import and return ``module:attribute``, or explain that the package is missing."""
        module_name, _, attribute = reference.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise CliError(
                f"the {self.name} service is not installed here ({exc.name} is missing); "
                "run pdp where the platform's packages are installed (`uv sync --all-packages`)",
                exit_code=EXIT_FAILED,
            ) from exc
        return getattr(module, attribute)

    def configure(self, target: Target) -> ServiceSettings:
        """Return the service's settings from the environment, with the target's broker."""
        settings_class = cast(Callable[..., ServiceSettings], self.load(self.settings))
        try:
            credentials = target.nats_credentials()
            login = {"nats_user": credentials.user, "nats_password": credentials.password}
            return settings_class(
                nats_url=target.nats_url,
                otel_enabled=False,
                **{key: value for key, value in login.items() if value is not None},
            )
        except ValidationError as exc:
            problems = tuple(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise CliError(f"the {self.name} settings are not valid", details=problems) from exc


SERVICES: tuple[Service, ...] = (
    Service(
        "incidents", "incidents.settings:IncidentsSettings", "incidents.main:create_app",
        "incidents.seed:seed_demo",
    ),
    Service(
        "organizations", "organizations.settings:OrganizationsSettings",
        "organizations.main:create_app", "organizations.demo:seed_demo",
    ),
    Service(
        "country-teams", "country_teams.settings:CountryTeamsSettings",
        "country_teams.main:create_app", "country_teams.demo:seed_demo",
    ),
    Service(
        "briefings", "briefings.settings:BriefingsSettings", "briefings.main:create_app",
        "briefings.demo:seed_demo",
    ),
)  # fmt: skip
GATEWAY = Service(
    "gateway", "gateway.settings:GatewaySettings", "gateway.main:create_app",
    "gateway.keys.demo:seed_demo",
)  # fmt: skip
EVERY_PART = (*SERVICES, GATEWAY)
"""Everything with consumers and dead letters: the four services and the gateway (which keeps a
copy of the sharing terms)."""


def named(names: list[str] | None) -> list[Service]:
    """Return the parts called ``names`` (all five when none), refusing an unknown name."""
    if not names:
        return list(EVERY_PART)
    known = {service.name: service for service in EVERY_PART}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise CliError(
            f"unknown service {', '.join(unknown)}; known: {', '.join(known)}",
            exit_code=EXIT_FAILED,
        )
    return [known[name] for name in names]


def check_database(service: Service, settings: ServiceSettings) -> None:
    """Refuse a SQLite database file that does not exist (rather than create an empty one)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    if not Path(url.database).is_file():
        raise CliError(
            f"no {service.name} database at {url.database}: run pdp in the directory of the "
            f"platform's var/ (where `make run` started) or set "
            f"PDP_{service.name.upper().replace('-', '_')}_DATABASE_URL",
            exit_code=EXIT_UNREACHABLE,
        )


@asynccontextmanager
async def opened(service: Service, target: Target) -> AsyncIterator[Platform]:
    """Yield the service's platform (database and consumers, not started); close it after."""
    settings = service.configure(target)
    check_database(service, settings)
    create_app = service.load(service.app)
    platform = cast(Platform, create_app(settings).state.platform)
    try:
        yield platform
    except (SQLAlchemyError, OSError) as exc:
        where = make_url(settings.database_url).render_as_string(hide_password=True)
        raise CliError(
            f"the {service.name} database at {where} failed: {type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}",
            exit_code=EXIT_UNREACHABLE,
        ) from exc
    finally:
        await platform.db.dispose()


async def seed(service: Service, target: Target) -> int:
    """Load the service's demo data with its own loader; return how many records it added."""
    settings = service.configure(target)
    loader = cast(Callable[[Any], Coroutine[Any, Any, int]], service.load(service.seed))
    return await loader(settings)
