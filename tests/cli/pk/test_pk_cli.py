"""``lmdesk pk`` and ``lmdesk pk validate``: JSON shape, routes, refusals, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmdesk.__main__ import main


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(tmp_path / "p.sqlite"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pk_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(tmp_path, capsys, "pk", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_ommaya_ventricular_peak_above_and_before_lumbar(tmp_path, capsys) -> None:
    doc = pk_json(
        tmp_path,
        capsys,
        "--drug",
        "methotrexate",
        "--dose",
        "12",
        "--route",
        "ommaya",
        "--hours",
        "48",
    )
    assert doc["drug"] == "methotrexate" and doc["route"] == "ommaya" and doc["unit"] == "mg/L"
    assert doc["dose_mg"] == 12.0
    vent, lumbar = doc["metrics"]["ventricular"], doc["metrics"]["lumbar"]
    assert vent["cmax"] > lumbar["cmax"]
    assert lumbar["tmax_h"] > vent["tmax_h"]
    assert set(vent) >= {"cmax", "tmax_h", "auc", "time_above_threshold_h"}
    assert len(doc["times_h"]) == len(doc["compartments"]["ventricular"]) == 48 * 60 + 1
    assert set(doc["compartments"]) == {"ventricular", "cranial", "cervical", "thoracic", "lumbar"}
    assert doc["threshold"]["unit"] == "µmol/L" and doc["threshold"]["source"] == ["R77", "R19"]
    assert doc["parameters"]["production_ml_h"]["source"] == ["R83"]


def test_lp_is_the_reverse(tmp_path, capsys) -> None:
    doc = pk_json(
        tmp_path, capsys, "--drug", "MTX", "--dose", "12", "--route", "lp", "--hours", "48"
    )
    vent, lumbar = doc["metrics"]["ventricular"], doc["metrics"]["lumbar"]
    assert lumbar["cmax"] > vent["cmax"]
    assert vent["tmax_h"] > lumbar["tmax_h"]


def test_schedule_and_flow_fraction(tmp_path, capsys) -> None:
    normal = pk_json(
        tmp_path, capsys, "--drug", "cytarabine", "--dose", "50", "--route", "lp", "--times", "0,72"
    )
    blocked = pk_json(
        tmp_path,
        capsys,
        "--drug",
        "cytarabine",
        "--dose",
        "50",
        "--route",
        "lp",
        "--times",
        "0,72",
        "--flow-fraction",
        "0.2",
    )
    assert normal["dose_times_h"] == [0.0, 72.0]
    assert normal["times_h"][-1] == pytest.approx(120.0)
    assert len(normal["metrics"]["lumbar"]["troughs"]) == 1
    assert blocked["metrics"]["cranial"]["cmax"] < normal["metrics"]["cranial"]["cmax"]
    assert blocked["parameters"]["flow_fraction"] == 0.2


def test_drug_without_threshold_says_so(tmp_path, capsys) -> None:
    doc = pk_json(tmp_path, capsys, "--drug", "pemetrexed", "--dose", "10", "--route", "lp")
    assert doc["threshold"]["value"] is None
    assert doc["threshold"]["note"] == "no published threshold"
    assert doc["metrics"]["lumbar"]["time_above_threshold_h"] is None


@pytest.mark.parametrize(
    "name", ["vincristine", "ＶＩＮＣＲＩＳＴＩＮＥ", "长春新碱", "Vin-blastine"]
)
def test_never_it_drug_is_refused(tmp_path, capsys, name: str) -> None:
    code, out, err = run(tmp_path, capsys, "pk", "--drug", name, "--dose", "1", "--route", "lp")
    assert code == 3
    assert "FATAL IF GIVEN INTRATHECALLY" in err
    assert out == ""


@pytest.mark.parametrize("dose", ["22", "50"])
def test_dose_above_the_ceiling_is_a_what_if_with_a_warning(tmp_path, capsys, dose: str) -> None:
    """An accidental overdose can be simulated (exit 0); the warning comes before the numbers."""
    code, out, err = run(
        tmp_path, capsys, "pk", "--drug", "methotrexate", "--dose", dose, "--route", "lp"
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[1].startswith("WARNING: ") and "hard ceiling of 15 mg" in lines[1]
    assert "what-if simulation, not an order" in lines[1]
    assert out.count("what-if simulation") == 1  # one warning, with both numbers and sources
    assert "usual maximum 12.5 mg [R44" in lines[1] and "hard ceiling 15 mg [R42" in lines[1]
    doc = pk_json(tmp_path, capsys, "--drug", "methotrexate", "--dose", dose, "--route", "lp")
    assert doc["what_if"] is True
    assert [f["code"] for f in doc["findings"]] == ["above_ceiling_what_if"]
    assert "what-if simulation, not an order" in doc["warnings"][0]


def test_the_planner_still_refuses_the_dose_the_simulation_draws(tmp_path, capsys) -> None:
    code, _out, err = run(
        tmp_path,
        capsys,
        "plan",
        "--drug",
        "methotrexate",
        "--dose",
        "22",
        "--every",
        "7",
        "--count",
        "2",
        "--start",
        "2027-01-04",
    )
    assert code == 3 and "ceiling" in err and "Traceback" not in err


@pytest.mark.parametrize("route", ["lp", "ommaya"])
def test_liposomal_cytarabine_by_both_routes(tmp_path, capsys, route: str) -> None:
    code, out, _err = run(
        tmp_path, capsys, "pk", "--drug", "DepoCyt", "--dose", "50", "--route", route
    )
    assert code == 0
    assert "free cytarabine concentrations" in out.splitlines()[0].lower()
    assert out.splitlines()[1].startswith("WARNING: ") and "discontinued" in out
    doc = pk_json(
        tmp_path, capsys, "--drug", "liposomal-cytarabine", "--dose", "50", "--route", route
    )
    assert doc["discontinued"] is True and doc["concentration_of"] == "cytarabine"
    site = "lumbar" if route == "lp" else "ventricular"
    assert doc["metrics"][site]["tmax_h"] > 1.0  # released over hours, not at injection
    assert doc["metrics"][site]["time_above_threshold_h"] == pytest.approx(48.0, abs=0.1)


@pytest.mark.parametrize(
    "args",
    [
        ["--drug", "unknown-drug", "--dose", "1", "--route", "lp"],
        ["--drug", "methotrexate", "--dose", "12", "--route", "iv"],
        ["--drug", "methotrexate", "--dose", "12", "--route", "lp", "--times", "0,abc"],
        ["--drug", "methotrexate", "--dose", "12", "--route", "lp", "--flow-fraction", "1.5"],
        [
            "--drug",
            "methotrexate",
            "--dose",
            "12",
            "--route",
            "lp",
            "--times",
            "0,100",
            "--hours",
            "50",
        ],
        ["--drug", "methotrexate", "--route", "lp"],
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, args: list[str]) -> None:
    code, _out, err = run(tmp_path, capsys, "pk", *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_text_output_has_units_and_disclaimer(tmp_path, capsys) -> None:
    code, out, _err = run(
        tmp_path, capsys, "pk", "--drug", "methotrexate", "--dose", "12", "--route", "lp"
    )
    assert code == 0
    assert "mg/L" in out and "INTRATHECAL" in out and "[R77, R19]" in out
    assert "clinical judgement" in out


def test_validate_prints_calibration_and_out_of_sample_apart(tmp_path, capsys) -> None:
    code, out, _err = run(tmp_path, capsys, "pk", "validate")
    assert code == 0
    for case in ("V2-initial", "V5-terminal", "V10-peak", "T-lp-cranial", "V6-peak", "PC-02-72h"):
        assert case in out
    assert "calibration fit" in out and "source left out" in out
    assert "30–50 µg/mL" in out  # a range is shown as a range
    lines = out.splitlines()
    assert lines[0].startswith("Calibration set: ") and "R27" in lines[0]
    in_sample = next(line for line in lines if line.startswith("Calibration fit (in sample)"))
    held_out = next(line for line in lines if line.startswith("Leave-one-source-out"))
    assert "within a factor of 2" in in_sample and "within a factor of 2" in held_out
    assert any(line.startswith("Liposomal cytarabine") for line in lines)
    code, out, _err = run(tmp_path, capsys, "pk", "validate", "--json")
    doc = json.loads(out)
    assert "V2-terminal" in doc["calibration_set"]["cases"]
    assert "R21" in doc["calibration_set"]["sources"]
    v2 = next(r for r in doc["cases"] if r["case"] == "V2-terminal")
    assert v2["source"] == ["R21"] and v2["calibration"]
    assert v2["ratio"] == pytest.approx(v2["predicted"] / v2["observed"])
    left = v2["left_out"]
    assert left["source"] == "R21" and left["refit"] is True
    assert left["ratio"] == pytest.approx(left["predicted"] / v2["observed"])
    assert left["predicted"] != pytest.approx(v2["predicted"], rel=1e-6)  # really refitted
    v6 = next(r for r in doc["cases"] if r["case"] == "V6-tmax")
    assert v6["depot"] is True and v6["left_out"]["status"] == "outside"
    assert v6["left_out"]["refit"] is False
    summary = doc["summary"]
    assert set(summary) == {"fit_free", "free", "depot", "all"}
    assert summary["free"]["cases"] == summary["fit_free"]["cases"] == 23
    code, out, _err = run(tmp_path, capsys, "pk", "validate", "--markdown")
    assert "| case | source | observed | calibration fit |" in out


def test_a_run_shows_what_the_sources_leave_open(tmp_path, capsys) -> None:
    args = ["--drug", "methotrexate", "--dose", "12", "--route", "lp", "--hours", "48"]
    doc = pk_json(tmp_path, capsys, *args)
    band = doc["source_band"]
    assert band["fits"] >= 2
    for name, values in doc["compartments"].items():
        low, high = band["compartments"][name]["low"], band["compartments"][name]["high"]
        assert len(low) == len(high) == len(values)
        assert all(
            lo <= v * (1 + 1e-9) and v <= hi * (1 + 1e-9)
            for lo, v, hi in zip(low, values, high, strict=True)
        )
        cmax = band["compartments"][name]["cmax"]
        assert cmax[0] <= doc["metrics"][name]["cmax"] <= cmax[1] * (1 + 1e-9)
    lumbar = band["compartments"]["lumbar"]["at_end"]
    assert lumbar[1] > lumbar[0] > 0  # the sources leave the 48-h level open
    code, out, _err = run(tmp_path, capsys, "pk", *args)
    assert code == 0 and "What the sources leave open" in out and "at 48 h (mg/L)" in out


def test_dose_above_usual_is_simulated_with_a_warning(tmp_path, capsys) -> None:
    doc = pk_json(tmp_path, capsys, "--drug", "methotrexate", "--dose", "13", "--route", "lp")
    assert len(doc["warnings"]) == 1
    assert "above the usual 12.5 mg" in doc["warnings"][0] and "R44" in doc["warnings"][0]


def test_refit_prints_the_fits_as_toml_tables(tmp_path, capsys, monkeypatch) -> None:
    """The printed [[refit]] tables load back as the validation source reads them (the
    Nelder–Mead fits themselves take minutes and are checked in tests/models/pk)."""
    import tomllib

    from lmdesk.models.pk.loso import FITTED
    from lmdesk.models.pk.sources import refits_from

    values = {name: 0.5 for name in FITTED}
    monkeypatch.setattr("lmdesk.cli.pk.fit", lambda *args, **kwargs: (values, 1.25))
    monkeypatch.setattr(
        "lmdesk.cli.pk.refit_all", lambda *args: {"R21": values, "R27": dict(values)}
    )
    code, out, _err = run(tmp_path, capsys, "pk", "refit")
    assert code == 0
    assert out.startswith("# calibration fit, objective 1.2500")
    doc = tomllib.loads(out)
    assert doc["exchange_ml_h"] == 0.5
    assert set(refits_from(doc["refit"])) == {"R21", "R27"}
