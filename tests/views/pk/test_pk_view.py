"""PK view driven like a user: pick, type, click; curves, metrics, band, fit and export follow."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from lmdesk.models.pk.course_link import CourseDose
from lmdesk.views.pk.pk_view import PkView


def set_combo(box, data) -> None:
    box.setCurrentIndex(box.findData(data))


def test_starts_with_methotrexate_curve_and_metrics(make_view) -> None:
    view: PkView = make_view()
    assert view.controls.drug.currentData() == "methotrexate"
    assert view.result is not None
    assert view.metrics.cell_text("lumbar", 1) == "480"  # 12 mg LP into 25 mL
    assert view.plot.threshold_line.isVisible() or not view.isVisible()
    assert "R77" in view.sources.text()


def test_route_switch_moves_the_peak(make_view, qtbot) -> None:
    view: PkView = make_view()
    set_combo(view.controls.route, "ommaya")
    vent, lumbar = view.result.metrics["ventricular"], view.result.metrics["lumbar"]
    assert vent.cmax > lumbar.cmax and lumbar.tmax_h > vent.tmax_h
    assert view.metrics.cell_text("ventricular", 1) == "480"


def test_dose_spin_updates_curve_at_once(make_view, qtbot) -> None:
    view: PkView = make_view()
    before = view.result.metrics["lumbar"].auc
    view.controls.dose.clear()
    qtbot.keyClicks(view.controls.dose, "6")
    qtbot.keyClick(view.controls.dose, Qt.Key.Key_Enter)
    assert view.result.request.dose_mg == 6.0
    assert (
        view.result.metrics["lumbar"].auc == np.float64(before / 2).item()
        or abs(view.result.metrics["lumbar"].auc - before / 2) < 1e-6 * before
    )


def type_dose(view: PkView, qtbot, text: str) -> None:
    view.controls.dose.selectAll()
    qtbot.keyClicks(view.controls.dose, text)
    qtbot.keyClick(view.controls.dose, Qt.Key.Key_Enter)


def test_overdose_what_if_is_drawn_with_a_red_warning(make_view, qtbot) -> None:
    """Typing 22 mg methotrexate (hard ceiling 15 mg) simulates it; it is not refused."""
    view: PkView = make_view()
    type_dose(view, qtbot, "22")
    assert view.result is not None and view.result.request.dose_mg == 22.0
    assert view.result.what_if
    text = view.message.text()
    assert "hard ceiling of 15 mg" in text and "what-if simulation, not an order" in text
    assert "#b00020" in text  # the warning line is red
    assert view.metrics.cell_text("lumbar", 1) == "880"  # 22 mg into 25 mL
    assert "#b00020" in view.controls.dose.styleSheet()
    assert "what-if" in view.controls.dose.toolTip()
    type_dose(view, qtbot, "50")
    assert view.result.request.dose_mg == 50.0 and view.result.what_if
    type_dose(view, qtbot, "12")
    assert not view.result.what_if
    assert "#b00020" not in view.message.text() and view.controls.dose.styleSheet() == ""


def test_dose_box_reaches_ten_times_the_ceiling(make_view) -> None:
    view: PkView = make_view()
    assert view.controls.dose.maximum() == 150.0  # 10 x the methotrexate hard ceiling
    view.controls.dose.setValue(999.0)
    assert view.result.request.dose_mg == 150.0 and view.result.what_if


def test_liposomal_cytarabine_by_both_routes_says_discontinued_and_free(make_view) -> None:
    view: PkView = make_view()
    set_combo(view.controls.drug, "liposomal-cytarabine")
    assert view.result is not None and view.result.drug.drug_id == "liposomal-cytarabine"
    assert view.result.request.dose_mg == 50.0  # the top of its usual range [R11]
    text = view.message.text()
    assert "discontinued" in text and "free cytarabine" in text.lower()
    assert "#b00020" not in text  # a withdrawn product is a warning, not a danger
    assert view.plot.item.getAxis("left").labelText.startswith("Free Cytarabine")
    lumbar_peak = view.result.metrics["lumbar"]
    assert lumbar_peak.tmax_h > 1.0  # released over hours
    set_combo(view.controls.route, "ommaya")
    vent = view.result.metrics["ventricular"]
    assert vent.cmax > view.result.metrics["lumbar"].cmax
    assert "Release half-life" in view.sources.text() and "R10" in view.sources.text()
    set_combo(view.controls.drug, "cytarabine")
    assert view.plot.item.getAxis("left").labelText.startswith("CSF concentration")


def test_never_it_drug_is_refused_in_red_without_a_curve(make_view) -> None:
    from lmdesk.models.pk.request import PkRequest

    view: PkView = make_view()
    view.request = lambda: PkRequest(drug_id="vincristine", dose_mg=1.0, route="lp")  # type: ignore[method-assign]
    before = view.result
    view.recompute()
    assert "FATAL IF GIVEN INTRATHECALLY" in view.message.text()
    assert "#b00020" in view.message.styleSheet()
    assert view.result is before  # nothing new was drawn


def test_repeating_schedule_shows_troughs_and_accumulation(make_view) -> None:
    view: PkView = make_view()
    set_combo(view.controls.schedule, "repeat")
    view.controls.count.setValue(4)
    view.controls.interval.setValue(24.0)
    assert len(view.plot.dose_lines) == 4
    assert view.metrics.cell_text("lumbar", 4) != "—"
    assert float(view.metrics.cell_text("lumbar", 6)) > 1.0


def test_flow_obstruction_changes_the_curve(make_view) -> None:
    view: PkView = make_view()
    cranial = view.result.metrics["cranial"].cmax
    view.controls.flow.setValue(0.1)
    assert view.result.metrics["cranial"].cmax < 0.5 * cranial


def test_compartment_toggle_and_log_axis(make_view, qtbot) -> None:
    view: PkView = make_view()
    view.show()
    qtbot.waitExposed(view)
    assert view.plot.curves["lumbar"].isVisible()
    view.plot.toggles["lumbar"].setChecked(False)
    assert not view.plot.curves["lumbar"].isVisible()
    view.controls.log_y.setChecked(False)
    assert not view.plot.item.ctrl.logYCheck.isChecked()
    view.controls.log_y.setChecked(True)
    assert view.plot.item.ctrl.logYCheck.isChecked()


def test_unit_switch_to_micromolar(make_view) -> None:
    view: PkView = make_view()
    set_combo(view.controls.unit, "µmol/L")
    assert "µmol/L" in view.metrics.header_text(1)
    assert float(view.metrics.cell_text("lumbar", 1)) == round(480 * 1000 / 454.45, 0)


def test_crosshair_readout_names_time_and_unit(make_view) -> None:
    view: PkView = make_view()
    text = view.plot.readout_text(2.0)
    assert "t = 2.00 h" in text and "mg/L" in text and "Lumbar sac" in text


def test_drug_without_threshold_and_unconfirmed_clearance_is_said(make_view) -> None:
    view: PkView = make_view()
    set_combo(view.controls.drug, "pemetrexed")
    assert "No published cytotoxic threshold" in view.message.text()
    assert "not confirmed" in view.message.text()
    assert not view.plot.threshold_line.isVisible()
    assert view.metrics.cell_text("lumbar", 5) == "no published threshold"


def test_band_is_computed_off_the_gui_thread(make_view, qtbot) -> None:
    view: PkView = make_view()
    with qtbot.waitSignal(view.band_ready, timeout=30000):
        view.controls.band.setChecked(True)
    assert view.plot.band_items
    assert "1000 simulated patients" in view.band_note.text()
    assert "seed 20251127" in view.band_note.text()


def test_enter_levels_and_fit(make_view, qtbot) -> None:
    view: PkView = make_view()
    panel = view.levels
    for t, value in ((2.0, 60.0), (6.0, 25.0), (12.0, 9.0)):
        panel.time.setValue(t)
        panel.value.setValue(value)
        qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    assert [m.time_h for m in panel.shown_levels()] == [2.0, 6.0, 12.0]
    assert len(view.plot._measured) == 3
    with qtbot.waitSignal(view.fit_ready, timeout=30000):
        qtbot.mouseClick(panel.fit, Qt.MouseButton.LeftButton)
    assert panel.fit_text("volume", 1) == "× 1.00"
    assert panel.fit_text("volume", 2).startswith("× ")
    # since issue 27 methotrexate has a (fitted, small) clearance of its own: it is fitted too
    assert panel.fit_text("clearance", 2).startswith("× ")
    assert view.plot.individual_curve.isVisible() or not view.isVisible()
    assert "Fitted to 3 levels" in panel.status.text()


def test_fit_without_levels_asks_for_them(make_view) -> None:
    view: PkView = make_view()
    assert view.start_fit() is None
    assert "measured level" in view.levels.status.text()


def test_export_png_svg_csv(make_view, qtbot, tmp_path: Path) -> None:
    view: PkView = make_view()
    view.export(tmp_path / "c.png", "png")
    view.export(tmp_path / "c.svg", "svg")
    with qtbot.waitSignal(view.exported, timeout=30000):
        view.export(tmp_path / "c.csv", "csv")
    assert (tmp_path / "c.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbftime_h,")  # BOM: Excel
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("time_h,ventricular (mg/L)")
    assert len(lines) == 48 * 60 + 2


def test_course_doses_come_from_the_course_source(make_view) -> None:
    start = datetime(2027, 1, 4, 9, 0)
    doses = [
        CourseDose(0.0, 12.0, "lp", True, start),
        CourseDose(72.0, 12.0, "ommaya", True, start),
        CourseDose(168.0, 12.0, "lp", False, start),
    ]
    asked: list[tuple[int, str]] = []

    def source(course_id: int, drug: str) -> list[CourseDose]:
        asked.append((course_id, drug))
        return doses

    view: PkView = make_view(courses=source)
    set_combo(view.controls.schedule, "course")
    view.controls.course_id.setValue(7)
    view.controls.course_button.click()
    assert asked == [(7, "methotrexate")]
    assert [float(t) for t in view.result.curves.doses.times_h] == [0.0, 72.0, 168.0]
    assert view.result.curves.doses.targets.tolist() == [4, 0, 4]
    assert view.result.curves.times_h[-1] >= 168.0 + 48.0 - 1e-9
    styles = [line.pen.style() for line in view.plot.dose_lines]
    assert styles == [Qt.PenStyle.SolidLine, Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine]


def test_selftest_passes(make_view) -> None:
    make_view().selftest()


def test_course_mode_without_a_course_asks_for_one(make_view) -> None:
    view: PkView = make_view()
    set_combo(view.controls.schedule, "course")
    assert "Load course" in view.message.text()


def test_free_drug_axis_names_the_drug_in_chinese(make_view, zh) -> None:
    view: PkView = make_view()
    view.retranslate()
    set_combo(view.controls.drug, "liposomal-cytarabine")
    assert view.plot.item.getAxis("left").labelText == "脑脊液中游离阿糖胞苷（mg/L）"
    assert "阿糖胞苷脂质体是已停产的产品" in view.message.text()


def test_drug_names_follow_the_language(make_view, zh) -> None:
    view: PkView = make_view()
    view.retranslate()
    names = [view.controls.drug.itemText(i) for i in range(view.controls.drug.count())]
    assert "甲氨蝶呤" in names
    assert view.tabs.tabText(0) == "实测浓度" and view.metrics.toolTip() == "指标"


def test_keyboard_shortcuts_toggle_log_axis(make_view, qtbot) -> None:
    view: PkView = make_view()
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.controls.dose.setFocus()
    assert view.controls.log_y.isChecked()
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.controls.dose, Qt.Key.Key_L, shift_ctrl)  # Ctrl+L locks the window
    assert not view.controls.log_y.isChecked()


def test_showing_a_compartment_recomputes_its_band(make_view, qtbot) -> None:
    view: PkView = make_view()
    with qtbot.waitSignal(view.band_ready, timeout=30000):
        view.controls.band.setChecked(True)
    assert 2 not in view.plot._band_rows
    with qtbot.waitSignal(view.band_ready, timeout=30000):
        view.plot.toggles["cervical"].setChecked(True)
    assert 2 in view.plot._band_rows


def test_remove_a_measured_level(make_view, qtbot) -> None:
    view: PkView = make_view()
    panel = view.levels
    for t in (2.0, 6.0):
        panel.time.setValue(t)
        panel.value.setValue(10.0)
        qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    assert [m.time_h for m in panel.levels] == [6.0]
    assert len(view.plot._measured) == 1


def test_zero_value_is_not_added(make_view, qtbot) -> None:
    view: PkView = make_view()
    qtbot.mouseClick(view.levels.add, Qt.MouseButton.LeftButton)
    assert view.levels.levels == []
    assert "above 0" in view.levels.status.text()


def test_range_the_sources_leave_is_shaded_around_the_curve(make_view, qtbot) -> None:
    """Ticking the source range shades the lowest–highest curves of the refits; it and the
    population band exclude each other, and unticking clears the shading."""
    view: PkView = make_view()
    view.controls.source_range.setChecked(True)
    assert view.controls.source_range.isChecked() and not view.controls.band.isChecked()
    assert view.plot.band_items  # one fill per shown compartment and pair
    assert "leave open" in view.band_note.text()
    low, high = view.plot._band[5.0], view.plot._band[95.0]
    curve = view.result.curves.conc_mg_l
    assert np.all(low <= curve * (1 + 1e-9) + 1e-12) and np.all(curve <= high * (1 + 1e-9) + 1e-12)
    assert float((high - low)[4, -1]) > 0.0  # the lumbar level at the end is left open
    view.controls.band.setChecked(True)  # the population band takes its place
    assert not view.controls.source_range.isChecked()
    view.controls.band.setChecked(False)
    assert not view.plot.band_items and view.band_note.text() == ""


def test_a_fitted_clearance_is_not_called_bulk_flow_only(make_view) -> None:
    view: PkView = make_view()  # methotrexate: own clearance fitted, not measured
    assert "fitted, not measured" in view.message.text()
    assert "bulk flow only" not in view.message.text()
    set_combo(view.controls.drug, "pemetrexed")  # no clearance in the sources
    assert "bulk flow only" in view.message.text()
