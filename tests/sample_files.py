"""Real files of every accepted kind (and some that must be refused), built in the tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf() -> bytes:
    """A minimal valid one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (Nota dinas) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png(width: int = 2, height: int = 2) -> bytes:
    """A valid RGB PNG (signature, IHDR, IDAT, IEND with CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """A JPEG's structure: SOI, a JFIF APP0 segment, a quantisation table, body, EOI."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\x00" + bytes(range(1, 65))
    return (
        b"\xff\xd8"
        + b"\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0
        + b"\xff\xdb" + struct.pack(">H", len(dqt) + 2) + dqt
        + bytes(200)
        + b"\xff\xd9"
    )  # fmt: skip


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{target}"/></Relationships>'
)


def _content_types(main_part: str, main_type: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{main_part}" ContentType="{main_type}"/>{extra}</Types>'
    )


def _zip(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def docx(extra_parts: dict[str, bytes | str] | None = None) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _content_types("/word/document.xml", DOCX_MAIN),
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                'main"><w:body><w:p><w:r><w:t>Nota dinas</w:t></w:r></w:p></w:body></w:document>'
            ),
            **(extra_parts or {}),
        }
    )


def xlsx() -> bytes:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    return _zip(
        {
            "[Content_Types].xml": _content_types(
                "/xl/workbook.xml",
                XLSX_MAIN,
                f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}"/>',
            ),
            "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
            "xl/workbook.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Lembar1" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                "</Relationships>"
            ),
            "xl/worksheets/sheet1.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>42</t></is></c></row>'
                "</sheetData></worksheet>"
            ),
        }
    )


def plain_zip() -> bytes:
    """A ZIP that is neither DOCX nor XLSX."""
    return _zip({"readme.txt": "bukan dokumen kantor", "data/angka.csv": "a,b\n1,2\n"})


def zip_claiming_docx_without_word_parts() -> bytes:
    return _zip({"[Content_Types].xml": _content_types("/word/document.xml", DOCX_MAIN)})


def docm() -> bytes:
    """A DOCX carrying a macro project: refused."""
    return docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100)})


def zip_bomb() -> bytes:
    """A DOCX-looking ZIP with one part that inflates 1000 times (50 MB of zeros)."""
    return docx({"word/media/zeros.bin": bytes(50 * 1024 * 1024)})


def zip_many_entries(n: int = 2500) -> bytes:
    return docx({f"word/p{i}.xml": "<x/>" for i in range(n)})


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


def exe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"PE\x00\x00"


def html() -> bytes:
    return b"<!doctype html><script>alert(1)</script>"


ACCEPTED = {
    "pdf": ("surat.pdf", pdf, "application/pdf"),
    "docx": ("nota.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("anggaran.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "png": ("foto.png", png, "image/png"),
    "jpeg": ("foto.jpg", jpeg, "image/jpeg"),
}  # fmt: skip


def wipe_uploads() -> None:
    """Empty the upload folder (the database is wiped per test; the folder is not)."""
    import shutil

    from pintar.config import get_settings

    shutil.rmtree(get_settings().upload_dir, ignore_errors=True)
