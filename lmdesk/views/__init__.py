"""The screens: the only package that imports QtWidgets or pyqtgraph."""
