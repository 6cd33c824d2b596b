"""apiforge: an OpenAPI 3.x document in, a typed vendorable Python SDK and its tests out."""

__version__ = "0.1.0"
__all__ = ["__version__"]
