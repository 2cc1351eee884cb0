"""The satisfaction survey as PermenPAN-RB 14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat) defines it.

Pure data and arithmetic: nine elements (unsur) U1–U9, each answered 1–4; an element's mean over the respondents;
the index (IKM) = the mean of the nine element means (weight 1/9 each) × 25, rounded to 2 decimals before it is
classified; the classification table (nilai persepsi, interval, interval konversi, mutu, kinerja).

Checked against public reproductions of the regulation's lampiran (the LPSE standards only cite it, std §13.2):
the nine elements in the order of the lampiran's "ruang lingkup" (a. Persyaratan … h. Penanganan Pengaduan, Saran dan
Masukan, i. Sarana dan prasarana), the 1–4 scale, the × 25 conversion and the table below (25,00–64,99 D Tidak baik;
65,00–76,60 C Kurang baik; 76,61–88,30 B Baik; 88,31–100,00 A Sangat baik) match. The lampiran's sample
questionnaire asks about sarana before pengaduan; the element codes here follow the ruang lingkup. Its answers are
worded per question (U2 "Tidak mudah … Sangat mudah", U4 "Sangat mahal … Gratis"); the wordings of U1–U5, U7 and
U9 were seen in a reproduction, those of U6 and U8 follow the questionnaire as it is commonly reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from lpse_runtime.formmodel import FormModel, refuse

CENT = Decimal("0.01")
CONVERSION = Decimal(25)  # the regulation's "nilai dasar": a mean on 1–4 becomes an index on 25–100


@dataclass(frozen=True)
class Element:
    """One element (unsur) of the survey: its code, its name in the regulation, the question, the four answers."""

    code: str
    name: str
    question: str
    answers: tuple[str, str, str, str]  # the wording of scores 1, 2, 3 and 4

    @property
    def field(self) -> str:
        """The form field and the column of this element's score: 'u1' … 'u9'."""
        return self.code.lower()


ELEMENTS: tuple[Element, ...] = (
    Element(
        "U1",
        "Persyaratan",
        "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U2",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Element(
        "U3",
        "Waktu Penyelesaian",
        "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Element(
        "U4",
        "Biaya/Tarif",
        "Bagaimana kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Element(
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang "
        "diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Element(
        "U6",
        "Kompetensi Pelaksana",
        "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Element(
        "U7",
        "Perilaku Pelaksana",
        "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    Element(
        "U8",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana kualitas penanganan pengaduan, saran dan masukan?",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    Element(
        "U9",
        "Sarana dan prasarana",
        "Bagaimana kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)

SCALE: dict[int, str] = {
    1: "Tidak sesuai / tidak baik",
    2: "Kurang sesuai / kurang baik",
    3: "Sesuai / baik",
    4: "Sangat sesuai / sangat baik",
}
"""What a score means whatever the question's own wording."""

Mutu = Literal["A", "B", "C", "D"]


@dataclass(frozen=True)
class Category:
    """One row of the regulation's table: a range of means, its range of indexes, the mutu and the kinerja."""

    persepsi: int
    mean_from: Decimal
    mean_to: Decimal
    index_from: Decimal
    index_to: Decimal
    mutu: Mutu
    kinerja: str


CATEGORIES: tuple[Category, ...] = (
    Category(1, Decimal("1.00"), Decimal("2.5996"), Decimal("25.00"), Decimal("64.99"), "D", "Tidak baik"),
    Category(2, Decimal("2.60"), Decimal("3.064"), Decimal("65.00"), Decimal("76.60"), "C", "Kurang baik"),
    Category(3, Decimal("3.0644"), Decimal("3.532"), Decimal("76.61"), Decimal("88.30"), "B", "Baik"),
    Category(4, Decimal("3.5324"), Decimal("4.00"), Decimal("88.31"), Decimal("100.00"), "A", "Sangat baik"),
)


def index_of(element_means: tuple[Decimal, ...]) -> Decimal:
    """The IKM: the mean of the nine element means × 25, rounded half up to 2 decimals."""
    if len(element_means) != len(ELEMENTS):
        raise ValueError(f"the index needs {len(ELEMENTS)} element means, got {len(element_means)}")
    mean = sum(element_means, Decimal(0)) / len(ELEMENTS)
    return (mean * CONVERSION).quantize(CENT, rounding=ROUND_HALF_UP)


def classify(index: Decimal) -> Category:
    """The row of the table an index (already rounded to 2 decimals) falls in."""
    for category in reversed(CATEGORIES):
        if index >= category.index_from:
            return category
    return CATEGORIES[0]  # below 25,00 cannot come from scores of 1–4; it is still "Tidak baik"


def response_index(scores: tuple[int, ...]) -> Decimal:
    """One response's own index: its nine scores taken as element means."""
    return index_of(tuple(Decimal(s) for s in scores))


def decimal_id(value: Decimal) -> str:
    """'84,44': two decimals with the Indonesian decimal comma."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}".replace(".", ",")


def verdict(index: Decimal) -> str:
    """'84,44 — B (Baik)': the index with its mutu and kinerja, as the head reads it."""
    category = classify(index)
    return f"{decimal_id(index)} — {category.mutu} ({category.kinerja})"


REQUIRED_ANSWER = "Pilih salah satu jawaban untuk pertanyaan ini."
SUGGESTION_LIMIT = 2000


class SurveyForm(FormModel):
    """The nine answers (1–4 each) and an optional suggestion."""

    u1: int = Field(ge=1, le=4)
    u2: int = Field(ge=1, le=4)
    u3: int = Field(ge=1, le=4)
    u4: int = Field(ge=1, le=4)
    u5: int = Field(ge=1, le=4)
    u6: int = Field(ge=1, le=4)
    u7: int = Field(ge=1, le=4)
    u8: int = Field(ge=1, le=4)
    u9: int = Field(ge=1, le=4)
    saran: str = Field(default="", max_length=SUGGESTION_LIMIT)

    messages: ClassVar[dict[str, str]] = {
        **{e.field: REQUIRED_ANSWER for e in ELEMENTS},
        "saran": f"Saran dan masukan paling banyak {SUGGESTION_LIMIT} karakter.",
    }

    @field_validator("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", mode="before")
    @classmethod
    def one_of_the_four(cls, value: object) -> object:
        """Only the four radios' values count: '3.0', ' 3' or 'tiga' is no answer."""
        if value not in ("1", "2", "3", "4", 1, 2, 3, 4):
            raise refuse(REQUIRED_ANSWER)
        return value

    @property
    def scores(self) -> tuple[int, ...]:
        """The nine scores in the order of the elements."""
        return tuple(int(getattr(self, e.field)) for e in ELEMENTS)
