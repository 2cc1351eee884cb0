"""The front door's own answers: security headers on what Caddy serves, and no signed link's token in its log."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from devstack.processes import Children, free_port, http_ok, wait_until
from devstack.stack import caddy_binary, caddyfile

pytestmark = pytest.mark.integration  # starts a real Caddy

TOKEN = "Zk9sV2xBcXhNd0p3dGVZUkZPbS5zaWduYXR1cmUtMTIz"


def test_the_front_door_sets_headers_and_masks_tokens_in_its_error_log(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>LPSE</title>", encoding="utf-8")
    port, dead_upstream = free_port(), free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(caddyfile(port, {"/daftar": dead_upstream}, site, None), encoding="utf-8")
    children = Children()
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    caddy = children.spawn(
        "caddy", [caddy_binary(), "run", "--config", str(config), "--adapter", "caddyfile"], env=env, log_dir=tmp_path
    )
    try:
        front = f"http://127.0.0.1:{port}"
        wait_until(lambda: http_ok(front + "/"), timeout=30, what="front door")
        landing = httpx.get(front + "/")
        assert landing.headers["x-content-type-options"] == "nosniff"
        assert landing.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in landing.headers["content-security-policy"]
        assert "server" not in landing.headers

        # The service behind /daftar is down: Caddy logs the failed request, with the status link's path.
        failed = httpx.get(
            f"{front}/daftar/status/{TOKEN}?lagi=1", headers={"Cookie": "lpse_staff=sesi-rahasia", "Referer": TOKEN}
        )
        assert failed.status_code == 502
        wait_until(lambda: "/daftar/status/" in caddy.tail(200), timeout=10, what="the error line")
        log = caddy.tail(200)
        assert '"uri":"/daftar/status/…"' in log.replace(" ", ""), "the token masked, the query string cut"
        assert TOKEN not in log and "sesi-rahasia" not in log and "lagi=1" not in log

        # A link's query is as private as its path: nothing of it reaches the log either.
        httpx.get(f"{front}/daftar/draf/pendek?kode=rahasia-di-kueri")
        wait_until(lambda: "/daftar/draf/pendek" in caddy.tail(200), timeout=10, what="the second error line")
        assert "rahasia-di-kueri" not in caddy.tail(200)
    finally:
        children.stop_all()


def test_the_front_door_serves_no_metrics_and_no_api_documents(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>LPSE</title>", encoding="utf-8")
    port, upstream = free_port(), free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(caddyfile(port, {"/daftar": upstream, "/staf": upstream}, site, None), encoding="utf-8")
    children = Children()
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    children.spawn(
        "caddy", [caddy_binary(), "run", "--config", str(config), "--adapter", "caddyfile"], env=env, log_dir=tmp_path
    )
    try:
        front = f"http://127.0.0.1:{port}"
        wait_until(lambda: http_ok(front + "/"), timeout=30, what="front door")
        for path in (
            "/daftar/metrics",
            "/DAFTAR/Metrics",
            "/staf/metrics/",
            "/daftar/api/openapi.json",
            "/daftar/api/docs",
            "/staf/api/docs/oauth2-redirect",
        ):
            answer = httpx.get(front + path)
            # 404 from the front door itself: the service behind is down, so a forwarded request would be a 502.
            assert answer.status_code == 404, path
            assert "Halaman tidak ditemukan" in answer.text and 'href="/"' in answer.text, path
            assert answer.headers["content-type"].startswith("text/html"), path
        assert httpx.get(front + "/daftar/status/x").status_code == 502, "the rest of the service is still forwarded"
    finally:
        children.stop_all()
