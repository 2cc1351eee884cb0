"""The survey as PermenPAN-RB 14/2017 writes it: elements, scale, index × 25, the classification table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpdesk.survey.skm import CATEGORIES, ELEMENTS, SCALE, SurveyForm, classify, index_of, response_index, verdict
from lpse_runtime.formmodel import parse_form

# (code, element as the regulation lists it, question shown): as the regulation lists them, written out again here.
REGULATION_ELEMENTS = [
    ("U1", "Persyaratan", "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    ("U2", "Sistem, Mekanisme, dan Prosedur", "Bagaimana kemudahan prosedur pelayanan di unit ini?"),
    ("U3", "Waktu Penyelesaian", "Bagaimana kecepatan waktu dalam memberikan pelayanan?"),
    ("U4", "Biaya/Tarif", "Bagaimana kewajaran biaya/tarif dalam pelayanan?"),
    (
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang "
        "diberikan?",
    ),
    ("U6", "Kompetensi Pelaksana", "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?"),
    ("U7", "Perilaku Pelaksana", "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
    ("U8", "Penanganan Pengaduan, Saran dan Masukan", "Bagaimana kualitas penanganan pengaduan, saran dan masukan?"),
    ("U9", "Sarana dan prasarana", "Bagaimana kualitas sarana dan prasarana?"),
]

# nilai persepsi | interval (mean) | interval konversi (IKM) | mutu | kinerja
REGULATION_TABLE = [
    (1, "1.00", "2.5996", "25.00", "64.99", "D", "Tidak baik"),
    (2, "2.60", "3.064", "65.00", "76.60", "C", "Kurang baik"),
    (3, "3.0644", "3.532", "76.61", "88.30", "B", "Baik"),
    (4, "3.5324", "4.00", "88.31", "100.00", "A", "Sangat baik"),
]


def test_the_nine_elements_in_the_regulations_order_with_their_questions() -> None:
    assert [(e.code, e.name, e.question) for e in ELEMENTS] == REGULATION_ELEMENTS


def test_every_question_has_four_distinct_answers_worst_first() -> None:
    assert [e.answers[0] for e in ELEMENTS][:4] == ["Tidak sesuai", "Tidak mudah", "Tidak cepat", "Sangat mahal"]
    assert ELEMENTS[3].answers[3] == "Gratis", "LPSE services are free (std §0.1): the best answer on cost"
    assert all(len(set(e.answers)) == 4 for e in ELEMENTS)


def test_the_scale_runs_one_to_four() -> None:
    assert SCALE == {
        1: "Tidak sesuai / tidak baik",
        2: "Kurang sesuai / kurang baik",
        3: "Sesuai / baik",
        4: "Sangat sesuai / sangat baik",
    }


def test_the_classification_table_is_the_regulations() -> None:
    rows = [(c.persepsi, c.mean_from, c.mean_to, c.index_from, c.index_to, c.mutu, c.kinerja) for c in CATEGORIES]
    assert rows == [
        (p, Decimal(a), Decimal(b), Decimal(c), Decimal(d), mutu, kinerja)
        for p, a, b, c, d, mutu, kinerja in REGULATION_TABLE
    ]


@pytest.mark.parametrize(
    ("index", "mutu", "kinerja"),
    [
        ("25.00", "D", "Tidak baik"),
        ("64.99", "D", "Tidak baik"),
        ("65.00", "C", "Kurang baik"),
        ("76.60", "C", "Kurang baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat baik"),
        ("100.00", "A", "Sangat baik"),
    ],
)
def test_the_boundaries_of_each_mutu(index: str, mutu: str, kinerja: str) -> None:
    category = classify(Decimal(index))
    assert (category.mutu, category.kinerja) == (mutu, kinerja)


def test_the_worked_example_is_84_44_baik() -> None:
    means = tuple(Decimal(m) for m in ("3.5", "3.2", "2.9", "4.0", "3.1", "3.6", "3.8", "3.0", "3.3"))
    assert index_of(means) == Decimal("84.44")
    assert verdict(index_of(means)) == "84,44 — B (Baik)"


def test_the_index_is_rounded_to_two_decimals_before_it_is_classified() -> None:
    # 3,0642 × 25 = 76,605: rounded it is 76,61 (B); unrounded it would sit below B's 76,61 and read C.
    index = index_of((Decimal("3.0642"),) * 9)
    assert index == Decimal("76.61")
    assert classify(index).mutu == "B"


def test_every_element_weighs_one_ninth() -> None:
    low_first = (Decimal(1),) + (Decimal(4),) * 8
    low_last = (Decimal(4),) * 8 + (Decimal(1),)
    assert index_of(low_first) == index_of(low_last) == Decimal("91.67")


def test_one_response_scores_from_25_to_100() -> None:
    assert response_index((1,) * 9) == Decimal("25.00")
    assert response_index((4,) * 9) == Decimal("100.00")
    assert response_index((3, 3, 3, 4, 3, 3, 4, 3, 3)) == Decimal("80.56")


def test_the_index_needs_nine_means() -> None:
    with pytest.raises(ValueError, match="9"):
        index_of((Decimal(3),) * 8)


ANSWERS = {f"u{n}": "3" for n in range(1, 10)}


def test_a_missing_answer_is_refused_beside_its_question() -> None:
    form, errors = parse_form(SurveyForm, {**ANSWERS, "u5": ""} | {"saran": "Lebih cepat"})
    assert form is None
    assert errors == {"u5": "Pilih salah satu jawaban untuk pertanyaan ini."}


@pytest.mark.parametrize("value", ["0", "5", "3.0", "tiga", " "])
def test_only_the_four_answers_count(value: str) -> None:
    form, errors = parse_form(SurveyForm, {**ANSWERS, "u9": value})
    assert form is None and errors == {"u9": "Pilih salah satu jawaban untuk pertanyaan ini."}


def test_a_long_suggestion_is_refused_and_an_absent_one_is_fine() -> None:
    form, errors = parse_form(SurveyForm, {**ANSWERS, "saran": "x" * 2001})
    assert form is None and errors == {"saran": "Saran dan masukan paling banyak 2000 karakter."}
    form, errors = parse_form(SurveyForm, {**ANSWERS, "u4": "4"})
    assert form is not None and errors == {}
    assert form.scores == (3, 3, 3, 4, 3, 3, 3, 3, 3) and form.saran == ""
