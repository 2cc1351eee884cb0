"""The development mailbox: links in a message open in a new tab, and attachments download under their name."""

from __future__ import annotations

import email.policy
import mailbox
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from devstack.mailbox import content_disposition, create_app, for_preview, linkify

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STATUS = "http://127.0.0.1:8480/daftar/status/abc"


def activation_email() -> EmailMessage:
    """An activation email as the notifier sends it: text, HTML with a link, the receipt PDF."""
    message = EmailMessage()
    message["From"] = "LPSE Platform Akun <noreply@lpse.local>"
    message["To"] = "direktur@contoh.co.id"
    message["Subject"] = "Akun SPSE Anda aktif"
    message.set_content(f"Yth. Bapak Direktur,\nLihat status: {STATUS}.\n")
    message.add_alternative(
        f'<html><head><title>x</title></head><body><a href="{STATUS}">status</a></body></html>', subtype="html"
    )
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="Tanda terima – DPK-2612.pdf")
    return message


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    path = tmp_path / "maildir"
    mailbox.Maildir(path, create=True).add(activation_email())
    return path


def client(maildir: Path) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(maildir)), base_url="http://mail")


def test_an_attachment_name_is_sent_per_rfc_6266_with_a_plain_fallback() -> None:
    assert content_disposition("Tanda terima – DPK-2612.pdf") == (
        'attachment; filename="Tanda terima _ DPK-2612.pdf"; '
        "filename*=UTF-8''Tanda%20terima%20%E2%80%93%20DPK-2612.pdf"
    )
    assert (
        content_disposition('a"b\\c%.pdf') == "attachment; filename=\"a_b_c_.pdf\"; filename*=UTF-8''a%22b%5Cc%25.pdf"
    )


def test_links_in_the_html_preview_open_in_a_new_tab() -> None:
    assert for_preview("<html><head><title>x</title></head><body></body></html>") == (
        '<html><head><base target="_blank"><title>x</title></head><body></body></html>'
    )
    assert for_preview("<p>tanpa head</p>") == '<base target="_blank"><p>tanpa head</p>'


def test_addresses_in_the_text_become_links_to_a_new_tab_and_markup_stays_text() -> None:
    assert str(linkify(f"Lihat {STATUS}. <b>")) == (
        f'Lihat <a href="{STATUS}" target="_blank" rel="noopener noreferrer">{STATUS}</a>. &lt;b&gt;'
    )


async def test_the_message_page_lists_the_attachment_and_its_download_returns_the_file(maildir: Path) -> None:
    async with client(maildir) as mail:
        message = (await mail.get("/mail/api/messages")).json()[0]
        assert message["attachments"] == ["Tanda terima – DPK-2612.pdf"]
        page = (await mail.get(f"/mail/pesan/{message['id']}")).text
        url = f"/mail/pesan/{message['id']}/lampiran/1"
        assert f'<a href="{url}" download="Tanda terima – DPK-2612.pdf">Unduh Tanda terima – DPK-2612.pdf</a>' in page
        assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
        assert "&lt;base target=&#34;_blank&#34;&gt;" in page  # inside the frame's srcdoc, escaped once
        assert f'<a href="{STATUS}" target="_blank" rel="noopener noreferrer">' in page

        download = await mail.get(url)
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"] == content_disposition("Tanda terima – DPK-2612.pdf")


async def test_a_missing_message_or_attachment_is_a_page_with_a_way_back(maildir: Path) -> None:
    async with client(maildir) as mail:
        key = (await mail.get("/mail/api/messages")).json()[0]["id"]
        for number in ("2", "0", "x", "-1"):
            answer = await mail.get(f"/mail/pesan/{key}/lampiran/{number}")
            assert answer.status_code == 404 and "text/html" in answer.headers["content-type"]
            assert 'href="/mail/"' in answer.text
        answer = await mail.get("/mail/pesan/tidak-ada")
        assert answer.status_code == 404 and 'href="/mail/"' in answer.text


async def test_a_subject_folded_after_its_colon_reads_as_a_mail_client_shows_it(tmp_path: Path) -> None:
    # Python's generator folds a subject that does not fit beside "Subject:" right after the colon ("Subject:\r\n
    # Kedatangan …"); a mail client shows it without the fold's space, and so does the mailbox.
    subject = "Kedatangan Anda untuk permohonan PRM-BJM-2612-8AY7B6 tercatat di loket"
    message = activation_email()
    message.replace_header("Subject", subject)
    path = tmp_path / "folded"
    raw = message.as_bytes(policy=email.policy.SMTP)  # the bytes as the notifier sends them and the capture keeps them
    assert b"Subject:\r\n " + subject.encode() in raw, "the subject is folded right after its colon"
    mailbox.Maildir(path, create=True).add(raw)
    async with client(path) as mail:
        assert (await mail.get("/mail/api/messages")).json()[0]["subject"] == subject
