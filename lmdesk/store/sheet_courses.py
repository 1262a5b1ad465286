"""The courses the sheets screen lists, with their print state, in one bounded query.

The screen must stay quick with thousands of patients: no course body is parsed, and at
most ``limit`` courses (newest first) come back. ``revision`` is the
course's ``row_version`` (the course repository keeps them equal).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from lmdesk.models.drugs.names import normalize_name
from lmdesk.store.patient_repo import like_pattern
from lmdesk.store.patient_store import PatientStore
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


# The newest ``limit`` course ids are picked first (by id: sorting on a column stored after
# the large ``body`` would read every course), so the per-row work (JSON, sub-queries) is
# done for the rows shown only. With a search, matching patients come first (search-key
# index), then their courses (patient index).
_PICK_ALL = "SELECT id FROM courses ORDER BY id DESC LIMIT ?"
_PICK_MATCHING = """
SELECT c.id FROM (SELECT id AS pid FROM patients WHERE search_key LIKE ? ESCAPE '\\') AS hit
CROSS JOIN courses c ON c.patient_id = hit.pid
ORDER BY c.id DESC LIMIT ?
"""
_ROWS = """
WITH picked(cid) AS ({pick})
SELECT c.id, p.mrn, p.name,
       coalesce(json_extract(c.body, '$.protocol.name_en'), c.protocol_id),
       coalesce(json_extract(c.body, '$.protocol.name_zh'), ''),
       (SELECT min(s.date) FROM course_sessions s WHERE s.course_id = c.id),
       c.row_version,
       (SELECT a.course_revision FROM sheet_archive a WHERE a.course_id = c.id
        ORDER BY a.id DESC LIMIT 1)
FROM picked CROSS JOIN courses c ON c.id = picked.cid JOIN patients p ON p.id = c.patient_id
ORDER BY c.id DESC
"""


def list_courses(pdb: PatientStore, query: str = "", limit: int = DEFAULT_LIMIT) -> list[CourseRow]:
    """Courses of patients whose MRN or name contains ``query`` (normalised, either script)."""
    key = normalize_name(query)
    params: tuple[str | int, ...]
    like = like_pattern(key)
    if key and like is None:
        return []
    if key and like is not None:
        sql, params = _ROWS.format(pick=_PICK_MATCHING), (like, limit)
    else:
        sql, params = _ROWS.format(pick=_PICK_ALL), (limit,)
    names = CourseRow.model_fields
    rows = pdb.conn.execute(sql, params).fetchall()
    return [CourseRow.model_validate(dict(zip(names, row, strict=True))) for row in rows]
