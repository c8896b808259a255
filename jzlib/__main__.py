"""Entry point of `python -m jzlib`."""
import sys

from .cli import main

sys.exit(main())
