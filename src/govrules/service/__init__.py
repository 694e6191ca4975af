"""``govrules serve``: the rule sets of a folder over HTTP (FastAPI on uvicorn; the
``[service]`` extra). ``app.create_app(settings)`` builds the application; ``run.serve``
starts it. See docs/service.md."""
