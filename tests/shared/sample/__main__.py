"""Command line of the sample service: ``python -m tests.shared.sample migrate | serve | ...``."""

from __future__ import annotations

from pdp_common.cli import service_cli

from tests.shared.sample.service import MIGRATIONS, SampleSettings, create_app

cli = service_cli(
    name="sample",
    settings_factory=SampleSettings,
    app_factory=create_app,
    migrations=MIGRATIONS,
)

if __name__ == "__main__":
    cli()
