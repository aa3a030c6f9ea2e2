"""The WebSocket inspector (docs/inspector.md): a page and a JSON/stream API on LocalStack's own port that show
every WebSocket API, its live connections and a timeline of their events, and can send to or disconnect a
connection; ``python -m localstack_ws_ext.inspect tail`` shows the same stream in a terminal.

Modules, one concept each: ``recorder`` (the bounded timeline, sans-IO), ``capture`` (the data plane's hooks that
make its events), ``views`` (the JSON documents, read from the control plane and the transport), ``actions``
(send and disconnect through the @connections provider), ``http`` (the routes), ``cli`` (``tail``), ``static/``
(the page: plain HTML, CSS and JavaScript). ``WS_INSPECTOR=0`` turns all of it off.
"""
