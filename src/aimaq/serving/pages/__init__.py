"""The dashboard's pages: each module has ``NEEDS`` (the parts of the data it reads),
``available(data)``, ``layout(data, lang)`` and ``register(app, data)``. A page whose
capability is absent is left out; one whose parts are still being built says so."""
