"""Trend data as CSV: every point and mark by date, values as recorded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lmdesk.models.response.trends import CSV_HEADER, Trends
from lmdesk.printing.sheet_service import write_file


def trend_csv(trends: Trends) -> bytes:
    """UTF-8 with a BOM, so Excel on a Chinese Windows does not read it as GBK."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(trends.csv_rows())
    return buffer.getvalue().encode("utf-8-sig")


def write_trend_csv(path: Path, trends: Trends) -> None:
    """The whole file or nothing (a course's trends are small: no worker needed)."""
    write_file(path, trend_csv(trends))
