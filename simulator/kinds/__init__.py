"""Exercise kinds: every module of this package is imported here, and registers its kind with
`simulator.registry.register` when imported. Add a kind by adding a module; nothing else to edit."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
