"""Archival PDF: PDF/A-3a (tagged) that also identifies itself as PDF/UA-1, carries the data
behind each figure and table, and comes out byte-identical from identical inputs.

WeasyPrint writes the tagged PDF/A-3a with its attachments; `finish` then makes two
changes that WeasyPrint does not: it stores the XMP metadata uncompressed (PDF/A asks for
readable metadata) and declares PDF/UA-1 conformance (`pdfuaid:part`), with the extension
schema that PDF/A requires for that namespace.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from pathlib import Path

PDF_VARIANT = "pdf/a-3a"
PDFUA_EXTENSION = """
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas>
    <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
        <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
        <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
        <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
        <pdfaSchema:property>
          <rdf:Seq>
            <rdf:li rdf:parseType="Resource">
              <pdfaProperty:name>part</pdfaProperty:name>
              <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
              <pdfaProperty:category>internal</pdfaProperty:category>
              <pdfaProperty:description>ISO 14289 part</pdfaProperty:description>
            </rdf:li>
          </rdf:Seq>
        </pdfaSchema:property>
      </rdf:li>
    </rdf:Bag>
  </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
  <pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
"""


# SOURCE_DATE_EPOCH from 1970 to the year 9999, in whole seconds.
MAX_EPOCH = 253_402_300_799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds convention) as seconds, or None when unset;
    a value that is not whole seconds between 1970 and 9999 stops the build with a clear
    message (the Snakefile checks it at start-up)."""
    text = os.environ.get("SOURCE_DATE_EPOCH")
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and int(text) <= MAX_EPOCH):
        shown = text[:40].encode("unicode_escape").decode("ascii")
        raise ValueError(
            f"environment variable SOURCE_DATE_EPOCH: expected whole seconds since"
            f" 1970-01-01 (digits 0-9, at most {MAX_EPOCH}); found {shown!r}"
        )
    return int(text)


def build_date(report_date: str) -> datetime.datetime:
    """The date stamped into the PDF: SOURCE_DATE_EPOCH when set (reproducible-builds
    convention), else the report's publication date from the config; never the clock."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    day = datetime.date.fromisoformat(str(report_date))
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def data_attachment(path, name: str, description: str, date: datetime.datetime):
    """A CSV embedded in the PDF with the PDF/A-3 relationship "Data"."""
    from weasyprint import Attachment

    return Attachment(
        string=spreadsheet_safe_csv(Path(path).read_text(encoding="utf-8")),
        name=name,
        description=description,
        created=date,
        modified=date,
        relationship="Data",
    )


# A cell a spreadsheet would run as a formula (CSV injection): it starts with one of these
# and is not a plain number such as -3.5.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def spreadsheet_safe_csv(text: str) -> str:
    """The CSV with every cell that a spreadsheet would run as a formula prefixed by an
    apostrophe (OWASP's advice), for the copies attached to the PDF and the web edition;
    the text unchanged, byte for byte, when no cell needs it."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    risky = [
        [cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell) for cell in row]
        for row in rows
    ]
    if not any(map(any, risky)):
        return text
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\n")
    for row, flags in zip(rows, risky, strict=True):
        writer.writerow(
            ["'" + cell if flag else cell for cell, flag in zip(row, flags, strict=True)]
        )
    return output.getvalue()


def finish(pdf: bytes) -> bytes:
    """Uncompressed XMP metadata with the PDF/UA-1 identification; deterministic output."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        xmp = bytes(document.Root.Metadata.read_bytes()).decode("utf-8")
        if "pdfuaid:part" not in xmp:
            xmp = xmp.replace("</rdf:RDF>", PDFUA_EXTENSION + "</rdf:RDF>", 1)
        document.Root.Metadata = document.make_stream(
            xmp.encode("utf-8"), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        output = io.BytesIO()
        document.save(output, deterministic_id=True, compress_streams=True)
    return without_cr_before_endstream(output.getvalue())


def without_cr_before_endstream(pdf: bytes) -> bytes:
    """The PDF, with no stream whose last byte is CR.

    Such a stream, with the LF written before `endstream`, reads as ending in a CRLF
    end-of-line: validators then count one byte less than its /Length
    (PDFA3A-STREAM-LENGTH-001). Which Flate stream ends so is chance: its last byte is
    the low byte of the Adler-32 checksum of its data. So the data get one byte of
    padding that each kind of stream ignores (a newline after content, a CMap or XML) and
    are compressed again, with another checksum. A TrueType font can only be padded with
    zero bytes, which leave that byte of the checksum as it is, so a font is stored
    uncompressed instead (its tables end in zero padding, not in CR)."""
    import zlib

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        ending_in_cr = [
            stream
            for stream in document.objects
            if isinstance(stream, pikepdf.Stream) and stream.read_raw_bytes().endswith(b"\r")
        ]
        if not ending_in_cr:
            return pdf
        font_files = {  # the TrueType fonts, from their font descriptors
            descriptor.FontFile2.objgen
            for descriptor in document.objects
            if isinstance(descriptor, pikepdf.Dictionary) and "/FontFile2" in descriptor
        }
        for stream in ending_in_cr:
            if stream.get("/Subtype") == pikepdf.Name.Image or "/FontFile3" in stream:
                raise ValueError(f"PDF stream {stream.objgen} ends in CR and cannot be padded")
            data = stream.read_bytes()
            if stream.objgen in font_files:
                if data.endswith(b"\r"):
                    raise ValueError(f"font stream {stream.objgen} ends in CR")
                stream.write(data)  # uncompressed
            else:
                stream.write(zlib.compress(data + b"\n", 9), filter=pikepdf.Name.FlateDecode)
        output = io.BytesIO()
        # Streams stay as written here: compressing them again would undo the fix.
        document.save(output, deterministic_id=True, compress_streams=False)
    return output.getvalue()
