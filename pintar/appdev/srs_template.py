"""The built-in SRS template (a small DOCX made on the fly), offered until the admin uploads the
office's own (``service.replace_template``)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from pintar.i18n import gettext as _

FILENAME = "templat-srs.docx"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def sections() -> list[tuple[str, str]]:
    """(heading, what to write) of the office's SRS, in order."""
    return [
        (_("1. Pendahuluan"), _("Latar belakang, tujuan aplikasi, ruang lingkup, istilah.")),
        (_("2. Pengguna dan peran"), _("Siapa yang memakai aplikasi dan apa yang boleh dilakukan "
                                       "tiap peran.")),
        (_("3. Kebutuhan fungsional"), _("Daftar fitur: untuk tiap fitur, masukan, proses, "
                                         "keluaran dan aturan bisnisnya.")),
        (_("4. Kebutuhan data"), _("Data yang dikelola, sumbernya, frekuensi pemutakhiran, "
                                   "kerahasiaan.")),
        (_("5. Kebutuhan non-fungsional"), _("Keamanan, kinerja, ketersediaan, perangkat yang "
                                             "dipakai pengguna.")),
        (_("6. Antarmuka dan integrasi"), _("Tampilan utama (sketsa) dan sistem lain yang "
                                            "terhubung.")),
        (_("7. Jadwal dan kontak"), _("Tenggat yang diharapkan, narahubung tim pemohon.")),
    ]


def _para(text: str, bold: bool = False) -> str:
    run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p><w:r>{run_props}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def build(office_name: str = "") -> bytes:
    body = [_para(_("Dokumen System Requirement Specifications (SRS)"), bold=True)]
    if office_name:
        body.append(_para(office_name))
    body.append(_para(_("Nama aplikasi: …")))
    body.append(_para(_("Tim pemohon: …")))
    for heading, hint in sections():
        body.append(_para(heading, bold=True))
        body.append(_para(hint))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return out.getvalue()
