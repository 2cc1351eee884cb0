"""Complete account lifecycles on a real stack against a raw NATS → SMTP baseline, in the same run.

The stack is the one `make run` starts (embedded PostgreSQL, NATS JetStream, the SMTP capture, every service behind
the front door). LPSE_BENCH_LIFECYCLES lifecycles (default 20) start at a steady LPSE_BENCH_RATE per second
(default 2), each as a person does it over HTTP in Magelang (online verification, no counter visit): the applicant
proves the email and submits the form with its documents; the verifier claims the case, checks every document and
approves; the lifecycle ends when the activation email is in the capture. The baseline sends as many messages at
the same rate through raw nats-py JetStream publish → a raw pull subscriber → aiosmtplib to the same capture.
Latency is from the approval's click (the publish, for the baseline) to the file the capture wrote.

This module and bench/capture.py only import what the stack's code has had since before the kit's waking loop, so
the same two files can drive an older checkout (see the README's Benchmarks).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosmtplib
import asyncpg
import nats
from nats.js.api import StreamConfig

from bench.capture import DEADLINE_SECONDS, MailWatch, text_of
from contracts.lpse import Requirement, load_profiles, requirement
from contracts.registration import ProviderType
from devstack.stack import DEPLOY, Stack
from tests.support import SiteClient

LPSE = "magelang"
VERIFIER = ("verifikator.magelang", "magelang-2026")
PROVIDER_TYPE = "badan_usaha_cv"
ACTIVATED = "Akun penyedia aktif"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The SMTP relay's per-minute limit protects a real provider's mail server; the capture needs none, and at the
# shipped 120 a minute four emails per lifecycle would cap the stack at half a lifecycle a second.
UNLIMITED_SMTP = "100000"


def lifecycles_from_env() -> tuple[int, float]:
    """How many lifecycles, and how many started per second."""
    return int(os.environ.get("LPSE_BENCH_LIFECYCLES", "20")), float(os.environ.get("LPSE_BENCH_RATE", "2"))


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def uploads() -> dict[str, tuple[str, bytes, str]]:
    """A scanned PDF for every mandatory document of Magelang's registration for a CV."""
    rules = load_profiles(DEPLOY / "lpse")[LPSE].service("registrasi_penyedia").documents
    return {
        f"doc_{r.code}": (f"{r.code}.pdf", PDF, "application/pdf")
        for r in rules
        if requirement(r, ProviderType(PROVIDER_TYPE), by_proxy=False) is Requirement.MANDATORY
    }


def digits(count: int) -> str:
    """Identifiers no other lifecycle uses (an NPWP is registered once across LPSEs)."""
    return "".join(secrets.choice("0123456789") for _ in range(count))


@dataclass(frozen=True)
class Lifecycle:
    """When one lifecycle started, when its approval was clicked and when its activation email was stored."""

    started: float
    approved: float
    emailed: float


@dataclass
class Desk:
    """What the lifecycles share: the front door, the signed-in verifier, the capture, the database."""

    front_url: str
    verifier: SiteClient
    watch: MailWatch
    db: asyncpg.Pool
    documents: dict[str, tuple[str, bytes, str]]

    async def submit(self, applicant: SiteClient, address: str, n: int) -> str:
        """Prove the email and send the form with its documents; returns the reference."""
        asked = await applicant.post(f"/daftar/{LPSE}/", data={"email": address})
        assert asked.status_code == 200 and 'id="link-sent"' in asked.text, asked.text[:500]
        link_mail = await self.watch.arrival(address, "pendaftaran penyedia")
        link = re.search(r"http://\S+(/daftar/draf/\S+)", text_of(link_mail.path))
        assert link, "the email carries the draft link"
        fields = {
            "action": "kirim",
            "provider_type": PROVIDER_TYPE,
            "company_name": f"CV Uji Beban {n}",
            "npwp": digits(16),
            "nib": digits(13),
            "director_name": "Ahmad Fauzi",
            "director_nik": digits(16),
        }
        sent = await applicant.post(link.group(1), data=fields, files=self.documents)
        assert sent.status_code == 303, sent.text[:500]
        page = await applicant.get(sent.headers["location"])
        reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", page.text)
        assert reference, page.text[:500]
        return reference.group(1)

    async def case_path(self, reference: str) -> str:
        """The case's page once verification has opened it (the registration fact has crossed the bus)."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            case_id = await self.db.fetchval("SELECT id FROM verification.cases WHERE reference = $1", reference)
            if case_id is not None:
                return f"/staf/kasus/{case_id}"
            await asyncio.sleep(0.02)
        raise TimeoutError(f"{reference} never reached verification")

    async def approve(self, case: str) -> float:
        """Claim, check every document, approve; returns when the approval was clicked."""
        await self.staff_step(f"{case}/klaim")
        codes = re.findall(r'data-item="([a-z0-9_]+)"', (await self.verifier.get(case)).text)
        assert codes, "the case has a checklist"
        checked = {f"result_{c}": "verified" for c in codes} | {f"note_{c}": "" for c in codes}
        await self.staff_step(f"{case}/periksa", checked)
        clicked = time.time()
        await self.staff_step(f"{case}/setujui")
        return clicked

    async def staff_step(self, path: str, form: dict[str, str] | None = None) -> None:
        """One of the verifier's buttons; it leads back to the case, not to an error."""
        done = await self.verifier.post(path, data=form)
        assert done.status_code == 303 and "galat" not in done.headers["location"], (path, done.text[:500])

    async def lifecycle(self, n: int, run: str) -> Lifecycle:
        """One applicant from the form to the activation email."""
        address = f"beban.{run}.{n}@contoh.co.id"
        started = time.time()
        async with SiteClient(base_url=self.front_url, timeout=DEADLINE_SECONDS) as applicant:
            reference = await self.submit(applicant, address, n)
        approved = await self.approve(await self.case_path(reference))
        activation = await self.watch.arrival(address, ACTIVATED)
        return Lifecycle(started, approved, activation.at)


Job = Callable[[int], Coroutine[Any, Any, Lifecycle]]


async def at_steady_rate(count: int, rate: float, start: Job) -> list[Lifecycle]:
    """Start `count` jobs `1/rate` seconds apart (whether or not the earlier ones are done) and gather them."""
    began = time.monotonic()
    tasks = []
    for n in range(count):
        await asyncio.sleep(max(0.0, began + n / rate - time.monotonic()))
        tasks.append(asyncio.create_task(start(n)))
    return list(await asyncio.gather(*tasks))


async def platform(stack: Stack, watch: MailWatch, count: int, rate: float) -> list[Lifecycle]:
    """The lifecycles through the stack."""
    run = secrets.token_hex(3)
    async with (
        SiteClient(base_url=stack.front_url, timeout=DEADLINE_SECONDS) as verifier,
        contextlib.AsyncExitStack() as closing,
    ):
        signed_in = await verifier.post("/staf/masuk", data={"username": VERIFIER[0], "password": VERIFIER[1]})
        assert signed_in.status_code == 303, "the verifier signs in"
        db = await asyncpg.create_pool(stack.admin_database_url, min_size=1, max_size=4)
        closing.push_async_callback(db.close)
        desk = Desk(stack.front_url, verifier, watch, db, uploads())
        return await at_steady_rate(count, rate, lambda n: desk.lifecycle(n, run))


async def raw(stack: Stack, watch: MailWatch, count: int, rate: float) -> list[Lifecycle]:
    """The baseline: JetStream publish → pull subscriber → aiosmtplib, one message per 'lifecycle'."""
    smtp = urlsplit(stack.smtp_url)
    nc = await nats.connect(stack.nats_url)
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="BENCHRAW", subjects=["benchraw.>"]))
    sub = await js.pull_subscribe("benchraw.>", durable="bench-raw", stream="BENCHRAW")
    run = secrets.token_hex(3)

    async def deliver() -> None:
        while True:
            with contextlib.suppress(nats.errors.TimeoutError):
                for msg in await sub.fetch(10, timeout=1):
                    mail = EmailMessage()
                    mail["From"], mail["To"], mail["Subject"] = "bench@lpse.local", msg.data.decode(), ACTIVATED
                    mail.set_content("User ID: bench")
                    await aiosmtplib.send(mail, hostname=smtp.hostname, port=smtp.port)
                    await msg.ack()

    async def one(n: int) -> Lifecycle:
        address = f"mentah.{run}.{n}@contoh.co.id"
        published = time.time()
        await js.publish(f"benchraw.{n}", address.encode())
        return Lifecycle(published, published, (await watch.arrival(address, ACTIVATED)).at)

    subscriber = asyncio.create_task(deliver())
    try:
        return await at_steady_rate(count, rate, one)
    finally:
        subscriber.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await subscriber
        await js.delete_stream("BENCHRAW")
        await nc.close()


@dataclass(frozen=True)
class Figures:
    """Approval → email latency, lifecycles completed per second, and how long a whole lifecycle took."""

    p50: float
    p99: float
    per_second: float
    whole_p50: float

    @classmethod
    def of(cls, runs: list[Lifecycle]) -> Figures:
        """From the lifecycles' timestamps; the rate is all of them over the run, first start to last email."""
        latencies = [r.emailed - r.approved for r in runs]
        span = max(r.emailed for r in runs) - min(r.started for r in runs)
        whole = statistics.median(r.emailed - r.started for r in runs)
        return cls(statistics.median(latencies), percentile(latencies, 0.99), len(runs) / span, whole)


def report(count: int, rate: float, stack_figures: Figures, raw_figures: Figures) -> list[str]:
    """The lines `make bench` prints."""
    slower = stack_figures.p50 / raw_figures.p50, stack_figures.p99 / raw_figures.p99
    rate_ratio = stack_figures.per_second / raw_figures.per_second
    return [
        f"\n{count} lifecycles in {LPSE} started at {rate:g}/s on this machine ({os.cpu_count()} cores)",
        "path                          approval→email p50      p99   lifecycles/s",
        f"raw nats-py → aiosmtplib      {raw_figures.p50 * 1000:13.1f} ms {raw_figures.p99 * 1000:7.1f} ms"
        f" {raw_figures.per_second:8.2f}   1.00",
        f"platform (form → activation)  {stack_figures.p50 * 1000:13.1f} ms {stack_figures.p99 * 1000:7.1f} ms"
        f" {stack_figures.per_second:8.2f}   {rate_ratio:.2f} of raw",
        f"approval→email latency: p50 {slower[0]:.1f}× raw, p99 {slower[1]:.1f}× raw; a whole lifecycle (form to"
        f" activation email) took {stack_figures.whole_p50:.1f} s at the median",
    ]


@contextlib.contextmanager
def running_stack() -> Iterator[Stack]:
    """The whole stack on throwaway servers, stopped by PID on exit."""
    os.environ["SMTP_RATE_PER_MINUTE"] = UNLIMITED_SMTP
    run_dir = Path(tempfile.mkdtemp(prefix="lpse-bench-stack-"))
    stack = Stack(run_dir=run_dir, progress=lambda line: print(line, flush=True))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


async def measure(stack: Stack, count: int, rate: float) -> list[str]:
    """Both paths on the same stack and capture; the report's lines."""
    watch = MailWatch(stack.run_dir / "maildir")
    watching = asyncio.create_task(watch.run())
    try:
        baseline = await raw(stack, watch, count, rate)
        lifecycles = await platform(stack, watch, count, rate)
    finally:
        watching.cancel()
    return report(count, rate, Figures.of(lifecycles), Figures.of(baseline))


def main() -> None:
    """`python -m bench.lifecycle`: start a stack, measure, print."""
    count, rate = lifecycles_from_env()
    with running_stack() as stack:
        print("\n".join(asyncio.run(measure(stack, count, rate))))


if __name__ == "__main__":
    main()
