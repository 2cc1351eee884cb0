"""`python -m devstack run|stop|restart NAME|reset`: the whole platform on an embedded stack, and its controls."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time

from devstack.control import RunDir, request_restart, reset, run_dir_from_environment, stop_running
from devstack.processes import Supervisor
from devstack.stack import Stack, StartInterrupted, demo_staff, stack_from_environment


def say(line: str) -> None:
    """One line of the stack's output, at once (a service manager's log sees it too)."""
    print(line, flush=True)


def print_ready(stack: Stack, started: float, pid_file: str) -> None:
    """The URL, the demo staff, where the data lives and how to stop, restart one service or start fresh.

    Written in one piece: whoever waits for "Siap dalam" in the output finds the rest with it.
    """
    staff = [{**s, "lpse": "semua LPSE" if s["lpse"] == "*" else s["lpse"]} for s in demo_staff()]
    widths = {key: max(len(str(s[key])) for s in staff) + 2 for key in ("username", "password", "role")}
    accounts = [
        f"  {s['username']:<{widths['username']}}{s['password']:<{widths['password']}}{s['role']:<{widths['role']}}"
        f"{s['lpse']}"
        for s in staff
    ]
    say(
        "\n".join(
            [
                f"\nSiap dalam {time.monotonic() - started:.1f} s. Buka: {stack.front_url}\n",
                "Akun staf demo (pengguna / kata sandi / peran / LPSE):",
                *accounts,
                f"\nNATS: {stack.nats_url}   "
                f"(dead letter: NATS_URL={stack.nats_url} python -m lpse_runtime.deadletters list)",
                f"\nData (PostgreSQL, JetStream, surat) dan log disimpan di {stack.run_dir}; "
                "tetap ada setelah berhenti."
                f"\nLog setiap proses: {stack.log_dir}"
                f"\nMenghentikan: Ctrl-C di sini, atau `make stop` dari terminal lain (PID di {pid_file})."
                "\nMenjalankan ulang satu layanan: `make restart SERVICE=verification`."
                "\nMulai dari awal: `make stop`, lalu `make reset` (menghapus semua data di atas).",
            ]
        )
    )


def run() -> int:
    """Start everything, supervise the children, stop everything on Ctrl-C, SIGTERM or SIGHUP."""
    started = time.monotonic()
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        stack = stack_from_environment(progress=say, stop_requested=stopping.is_set)
        control = RunDir(stack.run_dir)
        control.claim()
    except RuntimeError as exc:
        print(f"Gagal memulai: {exc}", file=sys.stderr)
        return 1
    try:
        stack.start()
        control.write_state(stack.front_url, stack.child_pids())
        print_ready(stack, started, str(control.pid_file))
        supervisor = Supervisor(
            stack.children, say, on_restart=lambda _c: control.write_state(stack.front_url, stack.child_pids())
        )
        while not stopping.wait(0.5):
            supervisor.tick()
            for name in control.pending_restarts():
                control.answer_restart(name, restart_by_hand(stack, name))
                control.write_state(stack.front_url, stack.child_pids())
        return 0
    except StartInterrupted:
        return 0
    except Exception as exc:
        print(f"\nGagal memulai: {exc}", file=sys.stderr)
        return 1
    finally:
        say("\nMenghentikan semua proses …")
        stack.stop()
        control.release()
        say("Selesai.")


def restart_by_hand(stack: Stack, name: str) -> str:
    """Restart one child asked for by `make restart`; the answer starts with "ok" when it is ready again."""
    names = [child.name for child in stack.children.items]
    if name not in names:
        return f"'{name}' tidak dikenal; pilih salah satu: {', '.join(names)}"
    say(f"{name} dijalankan ulang atas permintaan …")
    try:
        fresh = stack.restart(name)
    except Exception as exc:
        say(f"{name} gagal dijalankan ulang: {exc}")
        return f"{name} gagal dijalankan ulang: {exc}"
    say(f"{name} berjalan lagi (PID {fresh.pid})")
    return f"ok {name} berjalan lagi (PID {fresh.pid})."


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m devstack", description="Embedded development stack")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the stack in the foreground (the default)")
    sub.add_parser("stop", help="stop the stack running on LPSE_RUN_DIR (or .run/) by its PID file")
    again = sub.add_parser("restart", help="restart one process of the running stack")
    again.add_argument("name", help="a service (registration, verification, …) or nats, mailbox, lkpp, bssn, caddy")
    sub.add_parser("reset", help="delete the data of a stopped stack")
    args = parser.parse_args()
    run_dir = RunDir(run_dir_from_environment())
    if args.command in (None, "run"):
        sys.exit(run())
    try:
        if args.command == "stop":
            ok, message = stop_running(run_dir)
        elif args.command == "restart":
            ok, message = request_restart(run_dir, args.name)
        else:
            ok, message = True, reset(run_dir)
    except RuntimeError as exc:
        ok, message = False, str(exc)
    print(message, file=sys.stdout if ok else sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
