"""jzlib: clean, structure and analyse Chinese government work reports (政府工作报告).

Modules, one step each: read (files -> text), clean (normalise, noise), dedup (copies ->
reports), structure (parts, chapters, sections, metadata), pipeline (the clean step end to
end), store (interim files), plot (fonts and reproducible figures), cli.
"""
from .errors import JzlibError

__version__ = "0.1.0"
__all__ = ["JzlibError", "__version__"]
