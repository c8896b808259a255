"""Entry point of `python -m jzlib`."""
import sys

try:
    from .cli import main
except KeyboardInterrupt:              # Ctrl-C while Python loads the package: nothing written yet
    sys.stderr.write("jzlib: interrupted before it started; nothing was written\n")
    sys.exit(130)

sys.exit(main())
