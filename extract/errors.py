"""Typed errors. Each message says what went wrong and what to do next."""

from __future__ import annotations


class PressdbError(Exception):
    """Base class; ``str(error)`` is the one line shown to the user."""


class UnreadableDocument(PressdbError):
    """The file cannot be turned into text."""


class EmptyDocument(UnreadableDocument):
    """The file has no content."""


class BinaryDocument(UnreadableDocument):
    """The file is not text, PDF or HTML."""


class UndecodableText(UnreadableDocument):
    """The bytes are not text in any encoding pressdb knows."""


class NoTextLayer(UnreadableDocument):
    """A PDF whose pages are images only."""


class OcrUnavailable(NoTextLayer):
    """A scan, and Tesseract, its German model or pytesseract is not installed."""


class DecompressionBomb(UnreadableDocument):
    """A compressed stream inflates to far more than a release could hold."""


class NoArticleText(UnreadableDocument):
    """A web page with navigation and boilerplate but no article text."""


class EncryptedPdf(UnreadableDocument):
    """A PDF that needs a password."""


class DocumentTimeout(UnreadableDocument):
    """Reading and extracting took longer than the per-document limit."""


class TextTooLong(UnreadableDocument):
    """A text longer than pressdb reads as one release."""


class ArchiveError(PressdbError):
    """The archive file cannot be used for this build."""


class NotAnArchive(ArchiveError):
    """The --db file is something else (a text, another program's database): never written to."""


class ArchiveBusy(ArchiveError):
    """Another program holds SQLite's write lock on the archive."""


class GazetteerError(PressdbError):
    """The official register files cannot be imported."""
