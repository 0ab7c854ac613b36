"""paperlist: keep an awesome paper list as YAML records and render its README."""

__version__ = "0.1.0"
