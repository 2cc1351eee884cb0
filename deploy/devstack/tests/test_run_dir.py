"""The run directory keeps a stack's data and secrets, and `reset` deletes only a directory that is one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devstack.control import RunDir, prepare, reset, stack_secrets


def test_a_directory_holding_other_files_is_not_taken(tmp_path: Path) -> None:
    (tmp_path / "thesis.odt").write_text("not ours")
    with pytest.raises(RuntimeError, match="berisi berkas lain"):
        prepare(tmp_path)


def test_a_run_directory_is_reused_with_its_data(tmp_path: Path) -> None:
    run = tmp_path / "run"
    prepare(run)
    (run / "logs").mkdir()
    prepare(run)
    assert (run / "logs").is_dir()


def test_secrets_are_kept_across_starts_and_readable_only_by_the_owner(tmp_path: Path) -> None:
    first, second = stack_secrets(tmp_path), stack_secrets(tmp_path)
    assert first == second and len(first["session"]) >= 32
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0


def test_reset_deletes_a_stopped_stacks_data(tmp_path: Path) -> None:
    run = tmp_path / "run"
    prepare(run)
    (run / "postgres").mkdir()
    assert "dihapus" in reset(RunDir(run))
    assert not run.exists()


def test_reset_refuses_a_directory_that_is_not_a_run_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(RuntimeError, match="bukan direktori data"):
        reset(RunDir(tmp_path))
    assert (tmp_path / "keep.txt").exists()


def test_reset_refuses_while_the_stack_runs(tmp_path: Path) -> None:
    prepare(tmp_path)
    RunDir(tmp_path).pid_file.write_text(f"{os.getpid()}\n")
    with pytest.raises(RuntimeError, match="masih berjalan"):
        reset(RunDir(tmp_path))


def test_a_second_stack_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    prepare(tmp_path)
    RunDir(tmp_path).pid_file.write_text("1\n")  # PID 1 always runs
    with pytest.raises(RuntimeError, match="sudah berjalan"):
        RunDir(tmp_path).claim()
