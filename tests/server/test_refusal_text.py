"""The server's refusal keys (HINT ``lmdesk:<kind>:<argument>``) read as lmdesk's own words."""

from __future__ import annotations

import pytest

from lmdesk.store.server.errors import refusal_text


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        (
            "lmdesk:may_not:give:li.na",
            "li.na may not do this: Giving an intrathecal dose needs a prescriber or nurse on "
            "the IT register",
        ),
        ("lmdesk:may_not:verify:a:b", "a:b may not do this: Verifying a course needs"),
        ("lmdesk:session_alone:7", "a session changes only together with its course (course 7)"),
        ("lmdesk:session_differs:7", "a session differs from its course (course 7)"),
        ("lmdesk:kept:audit", "the audit table is kept as written"),
    ],
)
def test_each_key_reads_as_a_sentence(hint: str, expected: str) -> None:
    text = refusal_text(hint)
    assert text is not None and text.startswith(expected)


@pytest.mark.parametrize(
    "hint", [None, "", "permission denied", "lmdesk:", "lmdesk:may_not:fly:x", "lmdesk:new:x"]
)
def test_anything_else_is_left_to_the_servers_own_message(hint: str | None) -> None:
    assert refusal_text(hint) is None
