"""The dashboard's pages: each module has ``available(data)``, ``layout(data, lang)``
and ``register(app, data)``. A page whose capability is absent is left out."""
