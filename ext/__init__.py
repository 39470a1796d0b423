"""Compiled numeric kernels (Cython) and their plain-Python twins in `ext.reference`.

The compiled modules are required at run time; there is no silent fallback to the slow twins.
`from ext import erlang` on a checkout that was never built raises one clear error saying how to build.
"""

import importlib

COMPILED = ("erlang", "smoothing", "week_dp")

BUILD_HINT = (
    "The compiled kernel 'ext.{name}' is missing: this checkout was not built. "
    "Build it with `pip install -e .` (needs a C compiler and the Python headers) "
    "or, in a development checkout, `python setup.py build_ext --inplace`."
)


class KernelNotBuiltError(ImportError):
    """A Cython kernel was imported before `pip install -e .` compiled it."""


def __getattr__(name: str):
    if name not in COMPILED:
        raise AttributeError(f"module 'ext' has no attribute {name!r}")
    try:
        module = importlib.import_module(f"ext.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"ext.{name}":
            raise
        raise KernelNotBuiltError(BUILD_HINT.format(name=name)) from None
    globals()[name] = module
    return module
