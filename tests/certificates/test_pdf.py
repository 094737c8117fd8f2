"""The PDF: A4, the Japanese text as text in an embedded font, a QR code that a reader decodes
to the verification page, bounded in size whatever the names."""

import io

import pytest
import zxingcpp
from pypdf import PdfReader

from certificates import issuing, pdf
from tests.certificates.conftest import complete_course
from tests.factories import StaffProfileFactory, make_course, make_lesson

pytestmark = pytest.mark.django_db

A4_POINTS = (595.28, 841.89)


@pytest.fixture
def certificate(graduate, course, settings):
    settings.SITE_URL = "https://learn.example.lg.jp"
    return issuing.issue_for_course(graduate.user, course)


@pytest.fixture
def page(certificate):
    reader = PdfReader(io.BytesIO(pdf.render(certificate)))
    assert len(reader.pages) == 1
    return reader.pages[0]


def test_the_page_is_a4(page):
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS)


def test_the_japanese_name_title_date_hours_and_serial_are_text(page, certificate):
    text = page.extract_text()

    for expected in (
        "渡邊 髙子 様",
        "ガバメントクラウド運用勉強会",
        "令和8年",
        "1.5時間",
        certificate.serial,
        "新宿区",
    ):
        assert expected in text


def test_the_japanese_font_is_embedded(page):
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descriptors = [
        font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        for font in fonts
        if "/DescendantFonts" in font
    ]
    assert any(
        "IPAGothic" in str(descriptor["/FontName"]) and "/FontFile2" in descriptor
        for descriptor in descriptors
    )


def test_the_qr_code_decodes_to_the_verification_page(page, certificate):
    (image,) = page.images

    decoded = [result.text for result in zxingcpp.read_barcodes(image.image)]

    assert decoded == [f"https://learn.example.lg.jp/certificates/verify/{certificate.token}/"]


def test_long_names_and_titles_stay_on_one_small_page(course_index):
    course = make_course(course_index, title="長" * 255)
    make_lesson(course, duration=600)
    person = StaffProfileFactory(display_name="名" * 100)
    complete_course(person.user, course)
    certificate = issuing.issue_for_course(person.user, course)

    content = pdf.render(certificate)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert len(content) < 100_000


def test_a_missing_font_is_a_clear_error(certificate, settings):
    settings.CERTIFICATE_FONT = "/nonexistent/ipag.ttf"

    with pytest.raises(pdf.FontMissing, match="日本語フォントが見つかりません"):
        pdf.render(certificate)
