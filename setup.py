"""Only for ``scrapyd-deploy``, which builds the egg it uploads with ``setup.py bdist_egg``.

Everything else about the package lives in pyproject.toml.
"""

from setuptools import setup

setup()
