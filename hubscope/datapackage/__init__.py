"""Data packages in and out: the bundled dataset, import and export."""

from importlib import resources
from pathlib import Path

from .load import import_package
from .read import Package, read_package
from .write import export_package

BUNDLED = Path(str(resources.files("hubscope.data"))) / "japan-ai-hub"

__all__ = ["BUNDLED", "Package", "export_package", "import_package", "read_package"]
