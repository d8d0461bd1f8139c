"""Child processes: process groups, clean stops, forced stops and one-shot commands."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from deploy.local.processes import ManagedProcess, OneShot, describe_exit, run_together
from deploy.local.readiness import wait_until

# A child that starts a grandchild, writes both ids, and waits forever.
FAMILY = """
import os, subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
open(sys.argv[1], "w").write(f"{os.getpid()} {grandchild.pid}")
time.sleep(600)
"""
STUBBORN = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(sys.argv[1], "w").write("ready")
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def _start(tmp_path: Path, script: str) -> tuple[ManagedProcess, Path]:
    ready = tmp_path / "ready"
    process = ManagedProcess(
        "child",
        [sys.executable, "-c", script, str(ready)],
        env=os.environ,
        cwd=tmp_path,
        log_path=tmp_path / "log" / "child.log",
    )
    assert wait_until(lambda: ready.exists() and ready.stat().st_size > 0, timeout=30)
    return process, ready


class TestManagedProcess:
    def test_runs_in_its_own_process_group(self, tmp_path: Path) -> None:
        process, _ = _start(tmp_path, FAMILY)
        try:
            assert os.getpgid(process.pid) == process.pid
            assert os.getpgid(process.pid) != os.getpgid(0)
        finally:
            process.stop()

    def test_stop_leaves_no_orphans(self, tmp_path: Path) -> None:
        process, ready = _start(tmp_path, FAMILY)
        _, grandchild = (int(p) for p in ready.read_text().split())
        process.stop()
        assert process.exit_code() is not None
        assert wait_until(lambda: not _alive(grandchild), timeout=10)

    def test_stubborn_child_is_killed(self, tmp_path: Path) -> None:
        process, _ = _start(tmp_path, STUBBORN)
        code = process.stop(timeout=0.2)
        assert code == -9

    def test_exit_reason_names_the_process(self, tmp_path: Path) -> None:
        process = ManagedProcess(
            "incidents",
            [sys.executable, "-c", "raise SystemExit(3)"],
            env=os.environ,
            cwd=tmp_path,
            log_path=tmp_path / "incidents.log",
        )
        process.wait(30)
        assert process.exit_reason() == "incidents exited with code 3"

    def test_terminate_then_stop(self, tmp_path: Path) -> None:
        process, _ = _start(tmp_path, FAMILY)
        process.terminate()
        assert process.stop() == -15

    def test_output_goes_to_the_log_after_a_header(self, tmp_path: Path) -> None:
        log = tmp_path / "echo.log"
        command = [sys.executable, "-c", "print('hello from the child')"]
        process = ManagedProcess("echo", command, env=os.environ, cwd=tmp_path, log_path=log)
        process.wait(30)
        lines = log.read_text().splitlines()
        assert json.loads(lines[0])["command"] == " ".join(command)
        assert lines[1] == "hello from the child"

    def test_header_is_a_json_line_with_the_keys_of_every_log_line(self, tmp_path: Path) -> None:
        log = tmp_path / "quiet.log"
        command = [sys.executable, "-c", "pass"]
        ManagedProcess("quiet", command, env=os.environ, cwd=tmp_path, log_path=log).wait(30)
        (line,) = log.read_text().splitlines()
        header = json.loads(line)
        assert list(header) == ["timestamp", "level", "logger", "message", "command"]
        assert header["level"] == "info"
        assert header["logger"] == "supervisor"
        assert header["message"] == "process starting"
        stamp = datetime.fromisoformat(header["timestamp"])
        assert stamp.utcoffset() == timedelta(0)

    def test_log_is_appended_across_runs(self, tmp_path: Path) -> None:
        log = tmp_path / "echo.log"
        for word in ("first", "second"):
            command = [sys.executable, "-c", f"print('{word}')"]
            ManagedProcess(word, command, env=os.environ, cwd=tmp_path, log_path=log).wait(30)
        assert "first" in log.read_text()
        assert "second" in log.read_text()


class TestRunTogether:
    def test_returns_each_exit_code(self, tmp_path: Path) -> None:
        jobs = [
            OneShot("fails", [sys.executable, "-c", "raise SystemExit(7)"], tmp_path / "a.log"),
            OneShot("works", [sys.executable, "-c", "pass"], tmp_path / "b.log"),
        ]
        codes = run_together(jobs, env=os.environ, cwd=tmp_path, timeout=60)
        assert codes == {"fails": 7, "works": 0}

    def test_jobs_run_side_by_side(self, tmp_path: Path) -> None:
        # Each job waits for the other's file, so they can only finish if both run at once.
        script = (
            "import pathlib, sys, time\n"
            "pathlib.Path(sys.argv[1]).touch()\n"
            "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.01)\n"
        )
        first, second = tmp_path / "first", tmp_path / "second"
        jobs = [
            OneShot(
                "a", [sys.executable, "-c", script, str(first), str(second)], tmp_path / "a.log"
            ),
            OneShot(
                "b", [sys.executable, "-c", script, str(second), str(first)], tmp_path / "b.log"
            ),
        ]
        assert run_together(jobs, env=os.environ, cwd=tmp_path, timeout=60) == {"a": 0, "b": 0}

    def test_overrunning_command_is_stopped(self, tmp_path: Path) -> None:
        jobs = [
            OneShot(
                "slow", [sys.executable, "-c", "import time; time.sleep(600)"], tmp_path / "s.log"
            )
        ]
        codes = run_together(jobs, env=os.environ, cwd=tmp_path, timeout=0.2)
        assert codes == {"slow": -1}


class TestDescribeExit:
    def test_code(self) -> None:
        assert describe_exit(3) == "code 3"

    def test_signal(self) -> None:
        assert describe_exit(-15) == "signal SIGTERM"
