"""Tools for the people who write rule files: ``check``, ``fmt`` and ``test``."""
