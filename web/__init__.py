"""``newsmon serve``: the analyst web UI (server-rendered, no JavaScript needed) and JSON API.

Read-only by default: endpoints that change the archive need an admin token
(see ``web.auth``); unsubscribe links carry their own signed token.
"""
