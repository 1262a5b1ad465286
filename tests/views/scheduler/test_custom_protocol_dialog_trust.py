"""The custom-protocol dialog: every co-medication and drug typed is checked before saving."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from lmdesk.store.scheduler_context import SchedulerStores
from lmdesk.views.courses.custom_protocol_dialog import CustomProtocolDialog

CASES = {
    "KCl iv": ("MTX", "Ward MTX", ("KCl", "10 mmol", "iv")),
    "cisplatin iv": ("MTX", "Ward MTX", ("cisplatin", "75 mg/m2", "iv")),
    "osimertinib iv as co-medication": ("MTX", "Ward MTX", ("osimertinib", "80 mg", "it")),
    "Cyrillic vincristine iv": ("MTX", "Ward MTX", ("v\u0456ncristine", "1 mg", "iv")),
    "a second IT drug": ("MTX", "Ward MTX", ("cytarabine", "50 mg", "it")),
    "dexamethasone 5 g IT": ("MTX", "Ward MTX", ("dexamethasone", "5 g", "it")),
    "osimertinib as the IT drug": ("osimertinib", "Ward", None),
    "a name of another drug": ("MTX", "Vincristine weekly", None),
}


def _save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_dialog_refuses_and_saves_nothing(qtbot, ctx, name):
    drug, title, med = CASES[name]
    stores = SchedulerStores(ctx.reference, ctx.patients)
    dialog = CustomProtocolDialog(stores)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pid, "ward")
    qtbot.keyClicks(dialog.name, title)
    qtbot.keyClicks(dialog.drug, drug)
    dialog.add_phase("induction", 7, "0,3", "2")
    if med is not None:
        dialog.add_med(*med)
    _save(qtbot, dialog)
    assert dialog.saved is None and dialog.error.text()
    assert ctx.patients.conn.execute("SELECT count(*) FROM custom_protocols").fetchone()[0] == 0


def test_a_sound_protocol_with_an_oral_rescue_is_saved(qtbot, ctx):
    stores = SchedulerStores(ctx.reference, ctx.patients)
    dialog = CustomProtocolDialog(stores)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pid, "ward")
    qtbot.keyClicks(dialog.name, "Ward MTX")
    qtbot.keyClicks(dialog.drug, "MTX")
    dialog.add_phase("induction", 7, "0,3", "2")
    dialog.add_med("dexamethasone", "5 mg", "it")
    dialog.add_med("亚叶酸钙", "15 mg", "oral")
    _save(qtbot, dialog)
    assert dialog.saved is not None, dialog.error.text()
    assert [m.drug for m in dialog.saved.co_medications] == ["dexamethasone", "leucovorin"]
