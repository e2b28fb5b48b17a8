"""PDF/X-4 for the print files: the last step before a file under ``print/`` is written.

A print file reaches this module unfinished, as the pypdf writer that composed it (a
:class:`PrintFile`), and is finished on that writer and written once: an output intent
with the embedded CMYK output profile, the PDF/X-4 keys in the document information and
in XMP (:func:`print_info`, dates from ``SOURCE_DATE_EPOCH``), ``/Trapped /False``, a
PDF 1.6 header, a BleedBox on every page, no annotations (a print file has nothing to
click, and a link's border colour is RGB), no structure tree and a file identifier
derived from the content. pypdf does all of it; pikepdf is not needed.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)

from ..content.problems import ContentError, Problem
from ..layout import ROOT, load_layout
from ..layout.settings import read_profile
from ..pdfio import add_object, deterministic_bytes, drop_structure, read_info, set_info
from ..render.metadata import DocumentInfo

PDFX_VERSION = "PDF/X-4"
PDF_HEADER = "%PDF-1.6"
INVARIANT_DATE = datetime(2000, 1, 1, tzinfo=UTC)
"""The date without ``SOURCE_DATE_EPOCH``: the one ReportLab writes in invariant mode."""


@dataclass(frozen=True)
class PrintFile:
    """A print file as composed, before its PDF/X-4 finishing: the writer holding its pages,
    the seed of its identifier (what it was made from, and how) and what it says of
    itself."""

    writer: PdfWriter
    seed: bytes
    info: DocumentInfo

    @classmethod
    def read(cls, pdf: bytes, reader: PdfReader | None = None) -> PrintFile:
        """A print file that exists only as bytes (made whole by ReportLab), read once:
        ``reader``, when given, is ``pdf`` read already (its parsed objects are reused).

        Its pages and document information are taken, nothing else: a print file has no
        structure tree, outline or named destinations to carry.
        """
        source = reader or PdfReader(io.BytesIO(pdf))
        writer = PdfWriter()
        writer.append(source, import_outline=False)
        return cls(writer, pdf, read_info(source))


@dataclass(frozen=True)
class OutputIntent:
    """The press condition a print file is made for, and the profile that describes it."""

    profile: bytes
    condition: str
    """OutputConditionIdentifier: the characterisation's registered name, such as FOGRA39."""
    info: str
    """What the shop reads about the condition."""
    registry: str


def output_intent(profile: Path | None = None, condition: str | None = None) -> OutputIntent:
    """The output intent of ``layouts/press.yaml``, or a shop's own profile and condition.

    A profile that is not a CMYK output profile is a problem of the input (exit 2).
    """
    spec = load_layout("press").output_intent
    if profile is None:
        return _read_intent(ROOT / spec.profile, "layouts/press.yaml: output_intent.profile",
                            condition or spec.condition, spec.info, spec.registry)
    name = condition or profile.stem
    return _read_intent(profile, "--output-profile", name, name, spec.registry)


@cache
def _read_intent(path: Path, given_by: str, condition: str, info: str,
                 registry: str) -> OutputIntent:
    try:
        data, problems = read_profile(path)
    except OSError as error:
        raise ContentError([Problem(str(path), 0, given_by,
                                    f"cannot be read ({error.strerror}); give the path of a "
                                    "CMYK output profile (.icc)")]) from None
    if problems:
        raise ContentError([Problem(str(path), 0, given_by,
                                    f"{why}; give a CMYK output profile (.icc), such as the "
                                    "print shop's") for why in problems])
    return OutputIntent(data, condition, info, registry)


def finish_print_files(files: dict[str, PrintFile], intent: OutputIntent) -> dict[str, bytes]:
    """The print files ``files`` (name → as composed), each made PDF/X-4 and written."""
    return {name: finish_pdfx(file, intent, Path(name).stem) for name, file in files.items()}


def finish_pdfx(file: PrintFile, intent: OutputIntent, fallback_title: str) -> bytes:
    """``file`` as PDF/X-4 for ``intent``, untagged, written; ``fallback_title`` names a
    file without a title. The file's writer is finished in place: finish it once."""
    writer = file.writer
    writer.pdf_header = PDF_HEADER
    drop_structure(writer)  # tagging is for reading on screen; a press file is not tagged
    for page in writer.pages:
        if "/Annots" in page:
            del page["/Annots"]
        if "/BleedBox" not in page and "/TrimBox" in page:
            page.bleedbox = RectangleObject(page.trimbox)
    # what only the dropped annotations and tree held is not written
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    seed = hashlib.sha256(file.seed + intent.profile + intent.condition.encode()).digest()
    root = writer.root_object
    root[NameObject("/OutputIntents")] = ArrayObject([add_object(writer, intent_dict(writer,
                                                                                     intent))])
    set_info(writer, print_info(file.info, fallback_title, seed))
    return deterministic_bytes(writer, seed)


def print_info(info: DocumentInfo, fallback_title: str, identity: bytes) -> DocumentInfo:
    """``info`` as a PDF/X-4 file says it: a title (``fallback_title`` when it has none),
    the date of :func:`source_date`, the PDF/X version, and ``identity`` naming it in XMP."""
    return replace(info, title=info.title or fallback_title, date=source_date(),
                   pdfx=PDFX_VERSION, identity=identity)


def source_date() -> datetime:
    """When the files were made, by ``SOURCE_DATE_EPOCH`` (the build's date for every file)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else INVARIANT_DATE


def intent_dict(writer: PdfWriter, intent: OutputIntent) -> DictionaryObject:
    """The /GTS_PDFX output intent with the profile embedded as a compressed stream."""
    profile = DecodedStreamObject()
    profile.set_data(intent.profile)
    profile[NameObject("/N")] = NumberObject(4)
    return DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(intent.condition),
        NameObject("/OutputCondition"): TextStringObject(intent.info),
        NameObject("/Info"): TextStringObject(intent.info),
        NameObject("/RegistryName"): TextStringObject(intent.registry),
        NameObject("/DestOutputProfile"): add_object(writer, profile.flate_encode()),
    })
