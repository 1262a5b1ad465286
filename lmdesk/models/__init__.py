"""The domain: pure rules and values by capability (pydantic, numpy); no Qt, SQL or files."""
