"""PK curves screen. pyqtgraph is imported by the modules here, loaded when the view opens."""
