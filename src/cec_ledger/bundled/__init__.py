"""The plugins that come with cec-ledger: PLC, Baldrige and the CEC services catalogue.

Each is an ordinary plugin, found through the ``cec_ledger`` entry points in cec-ledger's own
``pyproject.toml`` rather than imported by the core, so it can be disabled like any other
(``CEC_LEDGER_DISABLE_PLUGINS=cec-ledger-baldrige``) and uses only the public surface,
``cec_ledger.plugins``. Nothing in cec-ledger imports this package (an import-linter contract
checks it); the plugin names are the entry-point names:

* ``cec-ledger-plc`` — ``plc.py``: framework ``plc``, Appendix C's "Focus on Learning"
  indicators A–P (the indicators, groups and scale are data at the top of the module);
* ``cec-ledger-baldrige`` — ``baldrige.py``: framework ``baldrige``, the Baldrige Excellence
  Framework (Education), 2023–2024 (``ITEMS``: the items and their points);
* ``cec-ledger-services`` — ``services/``: the catalogue as data (``services/catalogue.py``)
  and the session rules (``services/__init__.py``).

A framework is one declaration, so each framework plugin is one module; the services plugin
has data and rules that grow separately, so it is a package with the two apart.
"""
