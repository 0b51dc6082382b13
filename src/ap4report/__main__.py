"""`python -m ap4report`: run one step outside Snakemake (see ap4report.cli)."""

import sys

from ap4report.cli import main

sys.exit(main())
