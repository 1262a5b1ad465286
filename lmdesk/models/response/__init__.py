"""Response assessment of an IT course (RANO-LM / EANO-ESMO; issue 13): the domain.

An :class:`Assessment` records the neurological examination, CSF and MRI findings, KPS and
ECOG at a date; ``compare`` sets a follow-up against the course's baseline, component by
component; the overall call follows the one sourced rule, else the clinician decides.
"""

from lmdesk.models.response.assessment import Assessment, parse_assessment
from lmdesk.models.response.compare import Comparison, compare
from lmdesk.models.response.completeness import Completeness, check_completeness
from lmdesk.models.response.course_response import CourseResponse
from lmdesk.models.response.marker_change import MarkerCall, compare_marker
from lmdesk.models.response.trends import Trends, build_trends

__all__ = [
    "Assessment",
    "Comparison",
    "Completeness",
    "CourseResponse",
    "MarkerCall",
    "Trends",
    "build_trends",
    "check_completeness",
    "compare",
    "compare_marker",
    "parse_assessment",
]
