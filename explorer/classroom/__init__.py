"""The class: everything a debate lesson runs on, apart from the case and the engine.

- `debate`: a debate's rules (set-up, rounds and each team's turn, the polls' phases, ballots, tallies);
- `store`: the poll store (one interface; SQLite or PostgreSQL, chosen by address);
- `perspective`: a student's own weighing or order in the engine's terms, and the class's taken together;
- `lesson`: the lesson's record, written once (the console, Class perspectives and the downloads render it);
- `phone`, `phone_weigh`: the students' phone pages as plain HTML (the vote; the weighing); pure functions;
- `phone_app`: the phone page's server (Starlette, served by uvicorn);
- `moderator`: the moderator's key remembered by the teacher's browser (a signed cookie);
- `launcher` (`python -m explorer.classroom`, `make class`): the app and the phone page started together.

The class never imports the case's authoring modules (the workshop): tests/test_layering.py holds it.
"""
