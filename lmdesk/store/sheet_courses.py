"""The courses the sheets screen lists, with their print state, in one bounded query.

The screen must stay quick with thousands of patients: no course body is parsed, and at
most ``limit`` courses (most recently changed first) come back. ``revision`` is the
course's ``row_version`` (the course repository keeps them equal).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lmdesk.models.drug_names import normalize_name
from lmdesk.store.patient_db import PatientDB
from lmdesk.store.sheet_archive import PrintState

DEFAULT_LIMIT = 300


class CourseRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    mrn: str
    patient_name: str
    protocol_en: str
    protocol_zh: str
    first_date: date | None
    revision: int
    printed_revision: int | None

    @property
    def state(self) -> PrintState:
        if self.printed_revision is None:
            return "never"
        return "current" if self.printed_revision == self.revision else "out_of_date"

    def protocol_name(self, language: str) -> str:
        return self.protocol_zh if language == "zh_CN" and self.protocol_zh else self.protocol_en


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SQL = """
SELECT c.id, p.mrn, p.name,
       coalesce(json_extract(c.body, '$.protocol.name_en'), c.protocol_id),
       coalesce(json_extract(c.body, '$.protocol.name_zh'), ''),
       (SELECT min(s.date) FROM course_sessions s WHERE s.course_id = c.id),
       c.row_version,
       (SELECT a.course_revision FROM sheet_archive a WHERE a.course_id = c.id
        ORDER BY a.id DESC LIMIT 1)
FROM courses c JOIN patients p ON p.id = c.patient_id
{where}
ORDER BY c.updated_at DESC, c.id DESC
LIMIT ?
"""


def list_courses(pdb: PatientDB, query: str = "", limit: int = DEFAULT_LIMIT) -> list[CourseRow]:
    """Courses of patients whose MRN or name contains ``query`` (normalised, either script)."""
    key = normalize_name(query)
    where, params = "", []
    if key:
        where = "WHERE p.search_key LIKE ? ESCAPE '\\'"
        params.append(f"%{_escape_like(key)}%")
    rows = pdb.conn.execute(_SQL.format(where=where), (*params, limit)).fetchall()
    names = CourseRow.model_fields
    return [CourseRow.model_validate(dict(zip(names, row, strict=True))) for row in rows]
