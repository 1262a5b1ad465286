"""Adverse-event grading screen: lab auto-grading, guided clinical grading, term browser,
recording an AE on a course and applying the protocol's next step."""
