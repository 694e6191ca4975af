"""Fuzzing harnesses for every entry point of govrules (issue 13).

Each module ``fuzz/<entry>.py`` has ``one_input(data: bytes) -> None``: it runs one entry
point on the input and checks the properties below, raising :class:`PropertyFailure`
when one does not hold; any exception other than GovrulesError escapes, which is a
failure too. ``fuzz/run.py`` drives them with atheris (coverage-guided, libFuzzer);
``tests/test_fuzz.py`` runs each on its seed corpus and a few hundred mutations of it.

Properties (not every one applies to every entry point):

- no exception other than :class:`govrules.errors.GovrulesError` leaves the API;
- every position a diagnostic gives is inside the input (line and column);
- determinism: the same input gives the same answer twice;
- no float anywhere in a value or a result (Decimal only);
- points in [0, maximum] for every section, deductions never negative;
- canonical text round-trips: ``parse(render(v)) == v`` for targets, and formatting a
  rule file keeps its meaning and is idempotent.
"""
