"""`python -m designer` runs the `keras-designer` command."""

import sys

from designer.cli import main

if __name__ == "__main__":
    sys.exit(main())
