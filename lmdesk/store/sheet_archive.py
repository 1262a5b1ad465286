"""Every printed or exported regimen sheet, kept byte for byte with its SHA-256.

A reprint hands out the stored bytes, never a fresh rendering, so the copy is the one
that was signed. A course whose revision moved on since its last archived sheet is
"out of date": the sheet on the ward no longer shows the current plan.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from lmdesk.i18n import _
from lmdesk.models.audit.event import AuditEvent
from lmdesk.models.errors import BadInputError
from lmdesk.store.patient_store import PatientStore

ENTITY = "sheet"
SheetKind = Literal["pdf", "print"]
PrintState = Literal["never", "current", "out_of_date"]

_COLUMNS = (
    "id, course_id, course_revision, patient_mrn, kind, language, printed_at, printed_by,"
    " reference_version, file_name, pages, size_bytes, sha256"
)


class ArchivedSheet(BaseModel):
    """One archive row without its bytes (the list shows many; bytes load on demand)."""

    model_config = ConfigDict(frozen=True)

    id: int
    course_id: int | None
    course_revision: int
    patient_mrn: str
    kind: SheetKind
    language: str
    printed_at: datetime
    printed_by: str
    reference_version: str
    file_name: str
    pages: int
    size_bytes: int
    sha256: str


class PrintStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: PrintState
    course_revision: int
    last: ArchivedSheet | None = None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _row(row: tuple[object, ...]) -> ArchivedSheet:
    names = [c.strip() for c in _COLUMNS.split(",")]
    return ArchivedSheet.model_validate(dict(zip(names, row, strict=True)))


class SheetArchive:
    def __init__(self, patients: PatientStore) -> None:
        self._pdb = patients

    def record(
        self,
        pdf: bytes,
        *,
        course_id: int | None,
        course_revision: int,
        patient_mrn: str,
        kind: SheetKind,
        language: str,
        pages: int,
        reference_version: str = "",
        file_name: str = "",
    ) -> ArchivedSheet:
        """Archive ``pdf`` with its audit row, in one transaction."""
        if not pdf.startswith(b"%PDF"):
            raise BadInputError(_("Only a PDF document can be archived."))
        pdb = self._pdb
        digest = sha256_hex(pdf)
        with pdb.transaction() as conn:
            if course_id is not None:
                row = conn.execute("SELECT 1 FROM courses WHERE id = ?", (course_id,)).fetchone()
                if row is None:
                    raise BadInputError(_("No course with id {id}.").format(id=course_id))
            cur = conn.execute(
                "INSERT INTO sheet_archive (course_id, course_revision, patient_mrn, kind,"
                " language, printed_at, printed_by, reference_version, file_name, pages,"
                " size_bytes, sha256, pdf)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    course_id,
                    course_revision,
                    patient_mrn,
                    kind,
                    language,
                    pdb.now_iso(),
                    pdb.user,
                    reference_version,
                    file_name,
                    pages,
                    len(pdf),
                    digest,
                    sqlite3.Binary(pdf),
                ),
            )
            sheet_id = int(cur.fetchone()[0])
            pdb.audit(
                f"sheet.{kind}",
                ENTITY,
                sheet_id,
                None,
                {
                    "course_id": course_id,
                    "course_revision": course_revision,
                    "sha256": digest,
                    "file_name": file_name,
                },
                event=AuditEvent(
                    code=f"sheet.{kind}",
                    params={"kind": kind, "pages": pages, "course_id": course_id},
                ),
            )
        return self.get(sheet_id)

    def get(self, sheet_id: int) -> ArchivedSheet:
        row = self._pdb.conn.execute(
            f"SELECT {_COLUMNS} FROM sheet_archive WHERE id = ?", (sheet_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No archived sheet with id {id}.").format(id=sheet_id))
        return _row(tuple(row))

    def pdf_bytes(self, sheet_id: int) -> bytes:
        """The stored PDF, checked against its hash (a mismatch is never handed out)."""
        row = self._pdb.conn.execute(
            "SELECT pdf, sha256 FROM sheet_archive WHERE id = ?", (sheet_id,)
        ).fetchone()
        if row is None:
            raise BadInputError(_("No archived sheet with id {id}.").format(id=sheet_id))
        data = bytes(row[0])
        if sha256_hex(data) != row[1]:
            raise BadInputError(
                _("Archived sheet {id} does not match its SHA-256; it cannot be reprinted.").format(
                    id=sheet_id
                )
            )
        return data

    def list(self, course_id: int | None = None, limit: int = 500) -> list[ArchivedSheet]:
        """Newest first; all sheets, or those of one course."""
        sql = f"SELECT {_COLUMNS} FROM sheet_archive"
        params: tuple[object, ...] = ()
        if course_id is not None:
            sql += " WHERE course_id = ?"
            params = (course_id,)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self._pdb.conn.execute(sql, (*params, limit)).fetchall()
        return [_row(tuple(r)) for r in rows]

    def status(self, course_id: int, course_revision: int) -> PrintStatus:
        """Is the newest archived sheet of this course still the current plan?"""
        found = self.list(course_id, limit=1)
        if not found:
            return PrintStatus(state="never", course_revision=course_revision)
        last = found[0]
        state: PrintState = "current" if last.course_revision == course_revision else "out_of_date"
        return PrintStatus(state=state, course_revision=course_revision, last=last)

    def record_reprint(self, sheet_id: int, kind: SheetKind, file_name: str = "") -> None:
        """Audit that an archived sheet was handed out again (the bytes are not copied)."""
        sheet = self.get(sheet_id)
        with self._pdb.transaction():
            self._pdb.audit(
                "sheet.reprint",
                ENTITY,
                sheet_id,
                None,
                {"sha256": sheet.sha256, "file_name": file_name},
                event=AuditEvent(
                    code="sheet.reprint",
                    params={"sheet_id": sheet_id, "kind": kind, "file_name": file_name},
                ),
            )
