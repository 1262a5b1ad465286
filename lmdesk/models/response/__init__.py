"""Response assessment of an IT course (RANO-LM / EANO-ESMO): the domain, one module per part.

An assessment (``assessment``) records the neurological examination, CSF and MRI findings,
KPS and ECOG at a date; ``compare`` sets a follow-up against the course's baseline, component
by component; ``overall`` follows the one sourced rule, else the clinician decides. Import from
the modules: this package file imports none of them (its submodules import ``sources`` from it).
"""
