from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool

from lmdesk.store.drug_repo import DrugRepository
from lmdesk.store.pk_repo import PkRepository
from lmdesk.store.protocol_repo import ProtocolRepository
from lmdesk.store.reference import ReferenceDB


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    p = QThreadPool()
    yield p
    p.waitForDone(30000)


@pytest.fixture
def make_view(qtbot, reference: ReferenceDB, pool: QThreadPool):
    from lmdesk.views.pk.pk_view import PkView

    def make(**extra):
        catalog = DrugRepository(reference).catalog()
        pk = PkRepository(reference).load()
        view = PkView(
            reference=pk,
            catalog=catalog,
            limits=ProtocolRepository(reference).limits(),
            drug_names={d: catalog.get(d).name("en") for d in pk.drugs},
            pool=pool,
            **extra,
        )
        qtbot.addWidget(view)
        view.resize(1400, 800)
        return view

    return make
