"""Rule code for the NATO–AP4 bulletin workflow: data, figures, tables and rendering."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
