"""The request's refusals, each beside its field (the issue: NIP of 18 digits, NIK/NPWP refused in free text, 1–10
files of at most 20 MB each, none empty, any type kept as sent, hashed while they stream in)."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from helpdesk.forensic.files import MAX_BYTES, Received, intact, receive, receive_all
from helpdesk.forensic.forms import CounterForm, parse_note, parse_request

GOOD = {
    "tender_id": "10023456",
    "tender_name": "Rehabilitasi Jalan Lingkungan",
    "description": "Dokumen penawaran tidak dapat dibuka pada tahap pembukaan.",
    "requester_nip": "19800101 200501 1 001",
    "requester_email": "Pokja.Depok@Contoh.go.id",
}


class Upload:
    """An uploaded file that hands its bytes over in chunks, as the web framework does."""

    def __init__(self, filename: str, content: bytes) -> None:
        self.filename: str | None = filename
        self._content = content
        self.reads = 0

    async def read(self, size: int = -1) -> bytes:
        self.reads += 1
        chunk, self._content = self._content[:size], self._content[size:]
        return chunk


def test_a_good_request_is_kept_with_the_nip_digits_and_the_email_normalised() -> None:
    form, errors = parse_request(GOOD, counter=False)
    assert errors == {} and form is not None
    assert form.requester_nip == "198001012005011001" and form.requester_email == "Pokja.Depok@contoh.go.id"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("requester_nip", "1980010120050110", "NIP terdiri atas 18 angka."),
        ("requester_email", "bukan-email", "Alamat email tidak valid, contoh: nama@instansi.go.id."),
        ("tender_id", "", "Isi kode tender (angka dan huruf, paling banyak 40 karakter)."),
        ("tender_name", "ab", "Isi nama paket tender dalam 3 sampai 200 karakter."),
        ("description", "pendek", "Uraikan permasalahan enkripsi dokumen penawaran dalam 10 sampai 2000 karakter."),
    ],
)
def test_each_bad_field_gets_its_own_message(field: str, value: str, message: str) -> None:
    form, errors = parse_request({**GOOD, field: value}, counter=False)
    assert form is None and errors == {field: message}


def test_a_nik_in_the_description_is_refused_beside_it() -> None:
    form, errors = parse_request({**GOOD, "description": "NIK penyedia 3276011234567890 tidak bisa"}, counter=False)
    assert form is None and set(errors) == {"description"} and "NIK" in errors["description"]
    text, problem = parse_note({"text": "NPWP 01.234.567.8-901.000 penyedia"})
    assert text is None and problem == "Isi uraian dalam 1 sampai 2000 karakter, tanpa NIK/NPWP."


def test_the_counter_asks_for_the_pokjas_name() -> None:
    form, errors = parse_request(GOOD, counter=True)
    assert form is None and errors == {"requester_name": "Isi nama lengkap Pokja pemohon, paling banyak 120 karakter."}
    form, errors = parse_request({**GOOD, "requester_name": "Siti Pokja"}, counter=True)
    assert isinstance(form, CounterForm) and form.requester_name == "Siti Pokja"


def test_a_file_is_hashed_as_it_streams_in_and_kept_as_sent_whatever_its_type() -> None:
    content = b"MZ\x90\x00" + bytes(range(256)) * 9000  # an executable's header: kept, never sniffed
    upload = Upload("..\\setup.exe", content)
    got = asyncio.run(receive(upload))
    assert got == Received("setup.exe", content, hashlib.sha256(content).hexdigest())
    assert upload.reads > 2, "read in chunks"
    assert intact(got.content, got.sha256) and not intact(got.content + b"x", got.sha256)


def test_empty_too_large_missing_and_too_many_files_are_refused_beside_their_field() -> None:
    form = Upload("formulir.pdf", b"%PDF-1.7 signed")
    got_form, got, errors = asyncio.run(receive_all(form, [Upload("kosong.rhs", b"")]))
    assert errors == {"berkas": "kosong.rhs: berkas kosong (0 byte)."} and got == []
    _, _, errors = asyncio.run(receive_all(Upload("f.pdf", b"f"), [Upload("besar.rhs", b"x" * (MAX_BYTES + 1))]))
    assert errors == {"berkas": "besar.rhs: lebih dari 20 MB."}
    _, _, errors = asyncio.run(receive_all(None, [Upload("a.rhs", b"a")]))
    assert errors == {"formulir": "Unggah Formulir Permohonan Uji Forensik yang sudah ditandatangani."}
    _, _, errors = asyncio.run(receive_all(Upload("f.pdf", b"f"), []))
    assert errors == {"berkas": "Unggah sekurang-kurangnya satu berkas yang akan diuji forensik."}
    eleven = [Upload(f"{i}.rhs", b"x") for i in range(11)]
    _, _, errors = asyncio.run(receive_all(Upload("f.pdf", b"f"), eleven))
    assert errors == {"berkas": "Paling banyak 10 berkas dalam satu permohonan."}
    ten = [Upload(f"{i}.rhs", bytes([i])) for i in range(10)]
    got_form, got, errors = asyncio.run(receive_all(Upload("f.pdf", b"f"), ten))
    assert errors == {} and got_form is not None and len(got) == 10
    assert [g.sha256 for g in got] == [hashlib.sha256(bytes([i])).hexdigest() for i in range(10)]
    exactly = asyncio.run(receive(Upload("pas.rhs", b"x" * MAX_BYTES)))
    assert exactly.size == MAX_BYTES
