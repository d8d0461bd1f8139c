"""The identity key pair of a benchmark run: made once under the run's directory, then reused."""

from __future__ import annotations

from pathlib import Path

from bench.credentials import identity_keys


class TestIdentityKeys:
    def test_makes_the_pair_in_a_new_directory(self, tmp_path: Path) -> None:
        private, public = identity_keys(tmp_path / "run")
        assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
        assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")

    def test_keeps_the_pair_it_made(self, tmp_path: Path) -> None:
        private, public = identity_keys(tmp_path)
        first = (private.read_bytes(), public.read_bytes())
        assert identity_keys(tmp_path) == (private, public)
        assert (private.read_bytes(), public.read_bytes()) == first
