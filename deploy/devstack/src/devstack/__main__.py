"""`python -m devstack run`: the whole platform on an embedded stack until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time

from devstack.stack import demo_staff, stack_from_environment


def run() -> int:
    """Start everything, print the URL and the demo staff, stop everything on Ctrl-C or SIGTERM."""
    started = time.monotonic()
    stack = stack_from_environment(progress=lambda line: print(line, flush=True))
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        stack.start()
        print(f"\nSiap dalam {time.monotonic() - started:.1f} s. Buka: {stack.front_url}\n", flush=True)
        print("Akun staf demo (pengguna / kata sandi / peran / LPSE):")
        for s in demo_staff():
            print(f"  {s['username']:<26} {s['password']:<20} {s['role']:<12} {s['lpse']}")
        print(
            f"\nNATS: {stack.nats_url}   (dead letter: NATS_URL={stack.nats_url} "
            "python -m lpse_runtime.deadletters list)"
        )
        print(f"\nLog setiap proses: {stack.log_dir}\nTekan Ctrl-C untuk menghentikan semuanya.", flush=True)
        while not stopping.wait(1.0):
            for child in stack.children.items:
                if not child.alive():
                    print(f"\n{child.name} berhenti (kode {child.popen.returncode}). Akhir lognya:\n{child.tail()}")
                    stopping.set()
        return 0
    except Exception as exc:
        print(f"\nGagal memulai: {exc}", file=sys.stderr)
        return 1
    finally:
        print("\nMenghentikan semua proses …", flush=True)
        stack.stop()
        print("Selesai.", flush=True)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m devstack", description="Embedded development stack")
    parser.add_argument("command", choices=["run"], nargs="?", default="run")
    parser.parse_args()
    sys.exit(run())


if __name__ == "__main__":
    main()
