"""The certificate as a PDF: one A4 page, drawn on each download from what was copied at issue.

fpdf2 draws it: a well-kept, pure-Python library (no system libraries, unlike WeasyPrint's Pango)
that embeds only the glyphs a document uses (through fontTools), so a Japanese certificate is
tens of kilobytes although the IPA Gothic font is six megabytes. The QR code is segno's PNG,
placed as an image, pointing at the public verification page under SITE_URL (never the address
a request came in on, which a client can choose).

Everything printed is bounded: the name and title are limited by their columns, and a long title
is set smaller and wrapped over at most three lines, so the file stays small whatever the data.
The wording is Japanese whatever the reader's display language, as is the era date (令和), as on
the official documents of the municipalities.
"""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from common.japanese_dates import wareki_date

from .models import Certificate

FONT = "IPAGothic"
PAGE_WIDTH = 210  # A4, millimetres
MARGIN = 25
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TITLE_MAX_LINES = 3
QR_SIZE = 32  # mm: comfortably read by a phone from a printed page
LINE_HEIGHT = 0.5  # mm per point of font size: 1.4 lines


class FontMissing(RuntimeError):
    """The Japanese font is not installed; certificates cannot be drawn without it."""


def font_path() -> Path:
    path = Path(settings.CERTIFICATE_FONT)
    if not path.is_file():
        raise FontMissing(
            _(
                "修了証に使う日本語フォントが見つかりません（%(path)s）。make install で"
                " fonts-ipafont-gothic を入れるか、CERTIFICATE_FONT を設定してください。"
            )
            % {"path": path}
        )
    return path


def verification_url(certificate: Certificate) -> str:
    path = reverse("certificate_verify", args=[certificate.token])
    return settings.SITE_URL.rstrip("/") + path


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _fitted(pdf: FPDF, text: str, largest: float, smallest: float, lines: int) -> float:
    """The largest font size, down to `smallest`, at which `text` fits in `lines` lines."""
    size = largest
    while size > smallest:
        pdf.set_font(FONT, size=size)
        if pdf.get_string_width(text) <= TEXT_WIDTH * lines * 0.95:
            break
        size -= 1
    return size


def _centred(pdf: FPDF, text: str, size: float, lines: int = 1) -> None:
    size = _fitted(pdf, text, size, 9, lines)
    height = size * LINE_HEIGHT
    pdf.set_font(FONT, size=size)
    pdf.set_x(MARGIN)
    pdf.multi_cell(
        TEXT_WIDTH,
        height,
        text,
        align=Align.C,
        wrapmode=WrapMode.CHAR,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        max_line_height=height,
    )


def _row(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_x(MARGIN + 10)
    pdf.set_font(FONT, size=11)
    pdf.cell(35, 9, label)
    size = _fitted(pdf, value, 12, 8, TITLE_MAX_LINES)
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(
        TEXT_WIDTH - 45,
        size * LINE_HEIGHT + 1,
        value,
        wrapmode=WrapMode.CHAR,
        align=Align.L,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        padding=(1, 0),
    )


def render(certificate: Certificate) -> bytes:
    """The certificate's PDF; FontMissing when the Japanese font is not installed."""
    font = font_path()
    with translation.override("ja"):
        return _draw(certificate, font)


def _draw(certificate: Certificate, font: Path) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_lang("ja")
    pdf.set_title(_("修了証 %(serial)s") % {"serial": certificate.serial})
    pdf.set_creator(settings.WAGTAIL_SITE_NAME)
    pdf.add_font(FONT, fname=str(font))
    pdf.add_page()

    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.8)
    pdf.rect(12, 12, PAGE_WIDTH - 24, 297 - 24)

    pdf.set_font(FONT, size=10)
    pdf.set_xy(MARGIN, 20)
    pdf.cell(TEXT_WIDTH, 6, _("第 %(serial)s 号") % {"serial": certificate.serial}, align=Align.R)

    pdf.set_y(45)
    _centred(pdf, _("修　了　証"), 34)
    pdf.ln(14)
    _centred(pdf, _("%(name)s 様") % {"name": certificate.holder_name}, 22, lines=2)
    pdf.ln(12)
    _centred(pdf, _("あなたは下記の研修を修了したことを証します。"), 13)
    pdf.ln(10)

    _row(pdf, _("講座・研修名"), certificate.title)
    _row(pdf, _("修了日"), wareki_date(certificate.completed_on))
    _row(pdf, _("研修時間"), certificate.hours_display)
    _row(pdf, _("修了証番号"), certificate.serial)

    # Below the rows, however long the title made them; the QR code below that, on the page.
    pdf.set_y(max(pdf.get_y() + 12, 200))
    pdf.set_font(FONT, size=12)
    pdf.set_x(MARGIN)
    pdf.cell(TEXT_WIDTH, 8, wareki_date(certificate.issued_at), align=Align.R)
    pdf.ln(10)
    _issuer(pdf, certificate.issuer)

    url = verification_url(certificate)
    qr_top = max(pdf.get_y() + 12, 240)
    pdf.image(io.BytesIO(qr_png(url)), x=MARGIN, y=qr_top, w=QR_SIZE, h=QR_SIZE, title="QR")
    pdf.set_xy(MARGIN + QR_SIZE + 5, qr_top + 4)
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(
        TEXT_WIDTH - QR_SIZE - 5,
        5,
        _(
            "この修了証が有効かどうかは、QRコードから開くページで確認できます。"
            "そのページには有効かどうかだけが表示され、氏名などの個人の情報は表示されません。"
        ),
        wrapmode=WrapMode.CHAR,
        align=Align.L,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def _issuer(pdf: FPDF, issuer: str) -> None:
    size = _fitted(pdf, issuer, 14, 9, 1)
    pdf.set_font(FONT, size=size)
    pdf.set_x(MARGIN)
    pdf.cell(TEXT_WIDTH, 8, issuer, align=Align.R)
