"""lmdesk: offline decision support for intrathecal therapy of leptomeningeal metastasis."""

__version__ = "0.1.0"
