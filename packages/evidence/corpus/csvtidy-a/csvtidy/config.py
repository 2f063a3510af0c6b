"""Settings: defaults, then csvtidy.toml in the working directory."""
import os

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

DEFAULTS = {"decimal": ".", "dates": None, "drop_empty_columns": False}


def load_settings(path="csvtidy.toml"):
    settings = dict(DEFAULTS)
    if tomllib and os.path.exists(path):
        with open(path, "rb") as f:
            settings.update(tomllib.load(f))
    return settings
