"""``python -m pdp_cli``: the same as the ``pdp`` command."""

from __future__ import annotations

from pdp_cli.main import main

if __name__ == "__main__":
    main()
