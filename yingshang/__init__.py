"""营商通 YingShang — a city's business-environment platform."""

__version__ = "0.1.0"
