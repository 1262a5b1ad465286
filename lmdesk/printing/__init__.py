"""PDF and print documents: the regimen sheet, the response summary and the drug card.

QtCore/QtGui only (QTextDocument, QPdfWriter, the bundled CJK font); never QtWidgets,
pyqtgraph or the views. The CLI prints through this package; the views use it too. This
file stays empty so that the font registration (``printing.fonts``) loads nothing else.
"""
