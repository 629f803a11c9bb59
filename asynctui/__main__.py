import sys

from asynctui.cli import main

sys.exit(main())
