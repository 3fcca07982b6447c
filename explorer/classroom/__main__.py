"""`python -m explorer.classroom` (`make class`): the app and the phone page started, and stopped, together."""

from explorer.classroom.launcher import main

raise SystemExit(main())
