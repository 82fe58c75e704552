"""Where the project's own files are: the repository, its templates, house styles and fonts."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STYLES = TEMPLATES / "styles"
FONTS = TEMPLATES / "fonts"
