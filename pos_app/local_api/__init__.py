"""The local API: HTTP on 127.0.0.1 for a partner's own till software (docs/local-api.md).

`app` (FastAPI routes, errors, body limit), `models` (strict requests, described answers),
`shapes` (the command line's JSON objects), `server` (binding, threads). It calls the till's
services only, like the command line.
"""
