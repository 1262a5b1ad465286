"""The assessment screen's selftest: drive the form and the displays offscreen, write nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from lmdesk.i18n import _
from lmdesk.models.response.assessment import parse_assessment
from lmdesk.models.response.compare import compare
from lmdesk.models.response.completeness import check_completeness
from lmdesk.models.response.trends import build_trends
from lmdesk.views.assessment.comparison_html import comparison_html

if TYPE_CHECKING:
    from lmdesk.views.assessment.assessment_view import AssessmentView


def run_demo(view: AssessmentView) -> None:
    form = view.form
    form.load(None)
    before = {i.key for i in check_completeness(parse_assessment(form.raw(1)), "baseline").missing}
    form.performance.kps.set_value(70)
    form.performance.ecog.set_value(1)
    form.csf.cytology.set_value("not_done")
    after = check_completeness(parse_assessment(form.raw(1)), "baseline")
    answered = before - {i.key for i in after.missing}
    if answered != {"kps", "ecog", "csf.cytology"} or len(after.unavailable) != 1:
        raise AssertionError(f"completeness does not follow the form: {sorted(answered)}")
    today = view.ctx.clock.today()
    base = parse_assessment(
        {
            "id": 1,
            "course_id": 1,
            "assessed_on": today - timedelta(days=30),
            "is_baseline": True,
            "kps": 60,
            "csf": {"markers": [{"name": "CEA", "value": "10", "unit": "ng/mL"}]},
        }
    )
    follow = parse_assessment(
        {
            "id": 2,
            "course_id": 1,
            "assessed_on": today,
            "rated_against": 1,
            "kps": 80,
            "csf": {"markers": [{"name": "CEA", "value": "6.5", "unit": "ng/mL"}]},
        }
    )
    comparison = compare(base, follow)
    if comparison.markers[0].call != "predicts_response":
        raise AssertionError("the +/-35 % rule misjudged -35 %")
    html = comparison_html(follow, "follow_up", comparison, comparison.notes)
    if "-35.0 %" not in html or _("Clinician decides") not in html:
        raise AssertionError("the comparison does not show the marker call")
    previous = view.trends.plot.trends
    view.trends.set_trends(build_trends([base, follow], None))
    if not view.trends.plot.kps.listDataItems():
        raise AssertionError("no KPS trend drawn")
    view.trends.set_trends(previous)
    form.load(None)
