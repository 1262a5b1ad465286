"""Entry point PyInstaller freezes: the same ``main()`` as ``python -m lmdesk``."""

import sys

from lmdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
