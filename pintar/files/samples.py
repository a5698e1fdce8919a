"""Small real documents for demo data: a one-page PDF with a title, as an upload.

Modules' ``demo.py`` attach these where the SOP asks for a document (a memo, an SRS, a test
report), so the demo shows documents that open, through the same checks as a person's upload.
"""

from __future__ import annotations

import io

from litestar.datastructures import UploadFile


def pdf_bytes(title: str) -> bytes:
    """A valid one-page PDF showing ``title`` (Latin-1 text; other characters become '?')."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
    ]
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_upload(title: str, filename: str = "dokumen.pdf") -> UploadFile:
    return UploadFile(content_type="application/pdf", filename=filename, file_data=pdf_bytes(title))
