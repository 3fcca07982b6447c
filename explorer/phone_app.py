"""`python -m explorer.phone_app`: the students' phone page on its own, as before the class moved into
explorer/classroom/ (the server is explorer/classroom/phone_app.py; `make class` starts it with the app)."""

if __name__ == "__main__":
    from explorer.classroom.phone_app import main

    raise SystemExit(main())
